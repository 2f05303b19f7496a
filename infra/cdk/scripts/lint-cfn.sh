#!/usr/bin/env bash
# Synthesizes the CDK app into infra/cdk/cdk.out (offline: no AWS account or
# credentials) and runs cfn-lint on every template, and on the SAM example.
# cfn-lint comes from PyPI into a venv under the user's cache, once.
set -euo pipefail
cd "$(dirname "$0")/.."

CFN_LINT_VERSION=1.58.0
TOOLS="${XDG_CACHE_HOME:-$HOME/.cache}/logdrain/tools"
VENV="$TOOLS/cfn-lint-$CFN_LINT_VERSION"
PYTHON="${LOGDRAIN_PYTHON:-python3}"

if [ ! -x "$VENV/bin/cfn-lint" ]; then
  echo "== installing cfn-lint $CFN_LINT_VERSION into $VENV"
  mkdir -p "$TOOLS"
  "$PYTHON" -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "cfn-lint==$CFN_LINT_VERSION"
fi

echo "== cdk synth (node dist/main.js) into infra/cdk/cdk.out"
rm -rf cdk.out
CDK_OUTDIR=cdk.out node dist/main.js

shopt -s nullglob
templates=(cdk.out/*.template.json)
if [ "${#templates[@]}" -lt 2 ]; then
  echo "expected 2 templates in cdk.out, found: ${templates[*]}" >&2
  exit 1
fi
REGIONS=(us-east-1 eu-west-1)
echo "== cfn-lint $("$VENV/bin/cfn-lint" --version | awk '{print $2}') on ${templates[*]}"
# W3005: CDK adds DependsOn on each function's role and default policy on
# purpose (the policy must exist before the function is created), although
# Role's GetAtt already orders the role.
"$VENV/bin/cfn-lint" --regions "${REGIONS[@]}" --ignore-checks W3005 \
  -- "${templates[@]}"
echo "== cfn-lint on ../sam/template.yaml"
"$VENV/bin/cfn-lint" --regions "${REGIONS[@]}" -- ../sam/template.yaml
echo "cfn-lint: $((${#templates[@]} + 1)) templates, no findings"
