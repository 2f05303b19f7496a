#!/usr/bin/env bash
# Lints .github/workflows with actionlint v1.7.12, installed from the Go
# module proxy into the tools cache (outside the repository) when missing.
# Needs Go >= 1.25 the first time. shellcheck, when on PATH, also checks the
# run: scripts (actionlint skips that check silently without it).
set -euo pipefail

ACTIONLINT_VERSION=v1.7.12
tools="${LOGDRAIN_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/logdrain/tools}"
bin="$tools/actionlint-$ACTIONLINT_VERSION"
root="$(cd "$(dirname "$0")/../../.." && pwd)"

if [ ! -x "$bin/actionlint" ]; then
  command -v go >/dev/null || {
    echo "lint-workflows: go is not on PATH; it is needed once to install actionlint $ACTIONLINT_VERSION" >&2
    exit 2
  }
  echo "lint-workflows: installing actionlint $ACTIONLINT_VERSION into $bin"
  mkdir -p "$bin"
  # Private module and build caches, deleted afterwards: only the binary stays.
  scratch="$(mktemp -d)"
  trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
  GOBIN="$bin" GOMODCACHE="$scratch/mod" GOCACHE="$scratch/cache" go install \
    "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi

if command -v shellcheck >/dev/null; then
  echo "lint-workflows: shellcheck $(shellcheck --version | sed -n 's/^version: //p') checks run: scripts"
else
  echo "lint-workflows: shellcheck not installed; run: scripts are not checked"
fi
cd "$root"
"$bin/actionlint" -version | head -1
"$bin/actionlint" "$@"
echo "lint-workflows: every workflow passes"
