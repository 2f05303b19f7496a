import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  GenerateError,
  type GenerateResult,
  generateDestination,
} from './generate.js';
import { formatWithBiome, installWorkspace } from './post-steps.js';
import { USAGE } from './usage.js';

export interface CliIo {
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The nearest folder at or above `from` that holds pnpm-workspace.yaml. */
export function findRoot(from: string): string | undefined {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return dir;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      description: { type: 'string' },
      'no-install': { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/**
 * `gen destination <name> [options]`; returns the exit code (0 created or
 * help, 1 refused or failed, 2 wrong usage).
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), out, err });
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [kind, name, ...extra] = positionals;
  if (kind !== 'destination' || name === undefined || extra.length > 0) {
    io.err(
      `expected \`destination <name>\`, got \`${positionals.join(' ')}\`\n\n${USAGE}`
    );
    return 2;
  }
  const root =
    values.root === undefined ? findRoot(io.cwd) : resolve(io.cwd, values.root);
  if (root === undefined) {
    io.err(`no pnpm-workspace.yaml at or above ${io.cwd}: pass --root\n`);
    return 1;
  }

  let result: GenerateResult;
  try {
    result = await generateDestination({
      root,
      name,
      ...(values.description === undefined
        ? {}
        : { description: values.description }),
      dryRun: values['dry-run'],
    });
  } catch (error) {
    if (!(error instanceof GenerateError)) throw error;
    io.err(`pnpm gen destination: ${error.message}\n`);
    return 1;
  }
  const verb = values['dry-run'] ? 'Would create' : 'Created';
  io.out(
    `${verb} the ${result.names.extension} destination (${result.names.packageName}):\n${result.files.map((f) => `  ${f}\n`).join('')}`
  );
  if (values['dry-run']) return 0;

  return finish({
    root,
    result,
    install: !values['no-install'],
    offline: values.offline,
    io,
  });
}

async function finish(opts: {
  root: string;
  result: GenerateResult;
  install: boolean;
  offline: boolean;
  io: CliIo;
}): Promise<number> {
  const { root, result, io } = opts;
  let code = 0;
  // Install first: in a fresh clone Biome arrives with it.
  if (opts.install) {
    io.out(
      `Linking the workspace: pnpm install${opts.offline ? ' --offline' : ''}\n`
    );
    const installed = await installWorkspace({ root, offline: opts.offline });
    if (!installed.ok) {
      io.err(
        `pnpm install failed (${installed.detail}): run it yourself, then build\n`
      );
      code = 1;
    }
  }
  const changeset = result.files.filter((f) => f.startsWith('.changeset/'));
  const formatted = await formatWithBiome({
    root,
    paths: [result.appDir, ...changeset],
  });
  if (formatted.ok) io.out('Formatted with Biome.\n');
  else if (formatted.skipped) io.out(`Not formatted: ${formatted.detail}\n`);
  else {
    io.err(
      `Biome reported problems (${formatted.detail}):\n${formatted.output}`
    );
    code = 1;
  }
  io.out(nextSteps(result, opts.install));
  return code;
}

function nextSteps(result: GenerateResult, installed: boolean): string {
  const { name, packageName, extension } = result.names;
  const steps = [
    ...(installed ? [] : ['pnpm install    # links the new app']),
    `pnpm --filter ${packageName}... build   # core, then apps/${name}/dist/layer.zip`,
    `pnpm --filter ${packageName} test       # green before you change a line`,
    `edit apps/${name}/src/destination.ts (and src/config.ts) to speak the service's API, keeping the rules in CONTRIBUTING.md`,
    'test against the real server: pnpm peers start <peer>, then the contract suite (CONTRIBUTING.md)',
    `add "/apps/${name}/  @logdrain/maintainers" to .github/CODEOWNERS and ${extension} to the layer list under infra/`,
    `rewrite apps/${name}/README.md and .changeset/${name}-destination.md for users; commit them with pnpm-lock.yaml`,
  ];
  return `\nNext steps:\n${steps.map((s, i) => `  ${i + 1}. ${s}\n`).join('')}`;
}
