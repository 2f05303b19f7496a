import { spawn } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this package lives in. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Built packages a generated app needs (and the generator itself). The
 * copy reuses their dist/ instead of building them again (about 30 s);
 * turbo builds them before this package's tests (they are its
 * devDependencies).
 */
const BUILT_PACKAGES = [
  'core',
  'create-destination',
  'layer-build',
  'sandbox',
  'testkit',
] as const;

export interface CommandResult {
  readonly code: number | null;
  /** stdout and stderr interleaved, for failure messages. */
  readonly output: string;
}

/**
 * Runs a command to its end and collects its output. Vitest's own
 * variables are removed so that a nested vitest run behaves as from a shell,
 * and CI too, which would freeze pnpm's lockfile.
 */
export function runCommand(opts: {
  command: string;
  args: readonly string[];
  cwd: string;
}): Promise<CommandResult> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(VITEST|TINYPOOL|NODE_ENV$|CI$)/.test(key)
    )
  );
  return new Promise((resolve, reject) => {
    const child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Files git would commit from the working tree: tracked and new, not ignored. */
async function workingTreeFiles(): Promise<string[]> {
  const { code, output } = await runCommand({
    command: 'git',
    args: ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    cwd: REPO_ROOT,
  });
  if (code !== 0) throw new Error(`git ls-files failed: ${output}`);
  return output.split('\0').filter((file) => file !== '');
}

/**
 * Copies the working tree (uncommitted changes included, node_modules and
 * build output excluded) plus the dist/ of the built packages into a fresh
 * temporary folder, removed on dispose.
 *
 * @example
 * await using copy = await copyRepository();
 */
export async function copyRepository() {
  for (const name of BUILT_PACKAGES) {
    await stat(join(REPO_ROOT, 'packages', name, 'dist')).catch(() => {
      throw new Error(
        `packages/${name}/dist is missing: run \`pnpm --filter @logdrain/create-destination... build\` first`
      );
    });
  }
  const path = await mkdtemp(join(tmpdir(), 'logdrain-gen-'));
  const dispose = () => rm(path, { recursive: true, force: true });
  try {
    for (const file of await workingTreeFiles()) {
      await mkdir(dirname(join(path, file)), { recursive: true });
      // A tracked file deleted in the working tree is simply not copied.
      await copyFile(join(REPO_ROOT, file), join(path, file)).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        }
      );
    }
    for (const name of BUILT_PACKAGES) {
      const dist = join('packages', name, 'dist');
      await cp(join(REPO_ROOT, dist), join(path, dist), { recursive: true });
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { path, [Symbol.asyncDispose]: dispose };
}
