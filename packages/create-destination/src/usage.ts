import {
  CORE_SETTING_WORDS,
  MAX_NAME_LENGTH,
  RESERVED_NAMES,
} from './names.js';

/** The --help text: everything the command does and accepts. */
export const USAGE = `Usage: pnpm gen destination <name> [options]

Creates apps/<name>, a new logdrain destination: the package @logdrain/<name>
building the layer logdrain-<name>. Out of the box it POSTs each batch as
NDJSON to LOGDRAIN_<NAME>_URL, builds, passes its tests (config, the shared
contract suite against a local HTTPS receiver, the built layer in the
sandbox) and produces apps/<name>/dist/layer.zip before you change a line.

<name>
  kebab-case: lowercase letters and digits in words joined by single dashes,
  starting with a letter, at most ${MAX_NAME_LENGTH} characters (loki, splunk-hec).
  Not an existing app or package, and not one of: ${RESERVED_NAMES.join(', ')}.
  Its variables are LOGDRAIN_<NAME>_…, so it may not start with a word of
  core's settings (${CORE_SETTING_WORDS.join(', ')}), nor extend or be
  extended by an existing app's name (webhook-x would share LOGDRAIN_WEBHOOK_).
  Without the logdrain- prefix: it is added for the layer and the extension.

Options
  --description <text>  one line for package.json (default: "a Lambda extension
                        layer that delivers a function's logs and telemetry
                        to <name>")
  --no-install          skip \`pnpm install\` (run it yourself before building)
  --offline             run \`pnpm install --offline\` (no registry access; the
                        new app adds only workspace links, so this works
                        wherever the repository was installed once)
  --dry-run             check the name and list the files; write nothing
  --root <dir>          the repository root (default: the nearest folder at or
                        above the current one holding pnpm-workspace.yaml)
  -h, --help            print this text

Creates (from packages/create-destination/templates)
  apps/<name>/package.json             @logdrain/<name>, private; build = tsup +
                                       logdrain-build-layer --name logdrain-<name>
                                       --max-bytes 153600 (the size gate)
  apps/<name>/tsconfig.json, tsup.config.ts, vitest.config.ts
  apps/<name>/src/config.ts            parse<Name>Config(env): LOGDRAIN_<NAME>_URL
                                       (required), LOGDRAIN_<NAME>_CA_FILE
  apps/<name>/src/destination.ts       create<Name>Destination(config): NDJSON POST,
                                       answers mapped with outcomeFromStatus
  apps/<name>/src/http-post.ts         keep-alive node:http(s) POST with the signal
  apps/<name>/src/main.ts              runExtension
  apps/<name>/test/config.test.ts      every variable missing or malformed
  apps/<name>/test/contract.test.ts    the contract suite from @logdrain/testkit
  apps/<name>/test/extension.test.ts   dist/layer.zip in the sandbox, every line
                                       delivered once; init fails naming the URL
  apps/<name>/test/fixtures/lines-handler.mjs
  apps/<name>/README.md                with the configuration table
  .changeset/<name>-destination.md

Then it formats the files with Biome and runs \`pnpm install\`, and prints the
next steps. It never overwrites: if apps/<name>, packages/<name>, the changeset
or a package named @logdrain/<name> exists, it stops before writing anything.

Exit codes: 0 created (or --help), 1 refused or failed, 2 wrong usage.
See CONTRIBUTING.md for the walk-through to a published layer.
`;
