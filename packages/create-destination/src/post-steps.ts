import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** How a command ended, with its output when it was captured. */
export interface StepResult {
  readonly ok: boolean;
  /** True when the command was not run at all. */
  readonly skipped?: boolean;
  /** Why it did not run or failed, for one line to the user. */
  readonly detail: string;
  readonly output: string;
}

function run(opts: {
  command: string;
  args: readonly string[];
  cwd: string;
  capture: boolean;
}): Promise<StepResult> {
  return new Promise((resolve) => {
    const child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      stdio: opts.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error) =>
      resolve({ ok: false, detail: error.message, output })
    );
    child.on('close', (code, signal) =>
      resolve({
        ok: code === 0,
        detail: signal === null ? `exit code ${code}` : `signal ${signal}`,
        output,
      })
    );
  });
}

/**
 * Formats the new files with the repository's Biome (line wrapping depends
 * on the name's length; imports are sorted). Without an installed Biome it
 * reports that it skipped.
 *
 * @example
 * await formatWithBiome({ root, paths: ['apps/loki', '.changeset/loki-destination.md'] });
 */
export async function formatWithBiome(opts: {
  root: string;
  paths: readonly string[];
}): Promise<StepResult> {
  const biome = join(opts.root, 'node_modules', '.bin', 'biome');
  if (
    !(await stat(biome).then(
      () => true,
      () => false
    ))
  ) {
    return {
      ok: false,
      skipped: true,
      detail: `${biome} is missing (run pnpm install, then pnpm check --write)`,
      output: '',
    };
  }
  return run({
    command: biome,
    args: ['check', '--write', ...opts.paths],
    cwd: opts.root,
    capture: true,
  });
}

/**
 * Runs `pnpm install` at the root so the new app's `workspace:*`
 * dependencies are linked and the lockfile lists it. It adds no registry
 * package, so `offline` works wherever the repository was installed once.
 *
 * @example
 * await installWorkspace({ root, offline: false });
 */
export function installWorkspace(opts: {
  root: string;
  offline: boolean;
}): Promise<StepResult> {
  return run({
    command: 'pnpm',
    // A new workspace package always changes the lockfile, so never frozen
    // (pnpm freezes it by default when CI is set).
    args: [
      'install',
      '--no-frozen-lockfile',
      ...(opts.offline ? ['--offline'] : []),
    ],
    cwd: opts.root,
    capture: false,
  });
}
