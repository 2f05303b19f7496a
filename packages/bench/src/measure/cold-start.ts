import { summarize } from '../percentiles.js';
import type { ColdStartResult } from '../results.js';
import {
  extensionProcess,
  type MeasureContext,
  runName,
  startBenchSandbox,
} from './bench-run.js';

/**
 * Spawn → register and spawn → first `/event/next` of the extension process
 * over `runs` fresh environments, as the sandbox timed them.
 */
export async function measureColdStarts(
  ctx: MeasureContext,
  runs: number
): Promise<ColdStartResult> {
  const run = await ctx.openRun(runName('c'));
  const register: number[] = [];
  const ready: number[] = [];
  try {
    for (let n = 0; n < runs; n++) {
      await using sandbox = await startBenchSandbox(ctx, run);
      const stats = extensionProcess(sandbox);
      if (stats.registeredAtMs === undefined) throw new Error('no register');
      if (stats.firstNextAtMs === undefined) throw new Error('no next');
      register.push(stats.registeredAtMs - stats.spawnedAtMs);
      ready.push(stats.firstNextAtMs - stats.spawnedAtMs);
      await sandbox.shutdown();
    }
  } finally {
    await run.close();
  }
  const registerMs = summarize(register);
  const readyMs = summarize(ready);
  if (!registerMs || !readyMs) throw new Error('no cold start measured');
  return { registerMs, readyMs };
}
