import type { LoadResult } from '../results.js';
import {
  awaitDelivered,
  extensionProcess,
  invokeOk,
  logsDropped,
  type MeasureContext,
  runName,
  startBenchSandbox,
} from './bench-run.js';
import { reportedLosses } from './reported-losses.js';

/** The heavy invoke. */
const LINES_PER_INVOKE = 10_000;

/**
 * `invokes` back-to-back invokes of 10,000 ≈100-byte lines with default
 * settings, then SHUTDOWN: the extension's peak RSS, its CPU after Init per
 * 100,000 lines, what the platform dropped and what never arrived.
 */
export async function measureLoad(
  ctx: MeasureContext,
  invokes: number
): Promise<LoadResult> {
  const name = runName('l');
  const run = await ctx.openRun(name);
  try {
    await using sandbox = await startBenchSandbox(ctx, run);
    const initCpuMs = extensionProcess(sandbox).cpuMs ?? 0;
    for (let n = 0; n < invokes; n++) {
      await invokeOk(sandbox, {
        tag: name,
        invoke: n,
        lines: LINES_PER_INVOKE,
      });
    }
    await sandbox.shutdown();
    const stats = extensionProcess(sandbox);
    const lines = invokes * LINES_PER_INVOKE;
    const delivered = await awaitDelivered({
      run,
      sandbox,
      tag: name,
      expected: lines,
      timeoutMs: 15_000,
    });
    return {
      invokes,
      linesPerInvoke: LINES_PER_INVOKE,
      peakRssBytes: stats.peakRssBytes,
      cpuSecondsPer100kLines:
        stats.cpuMs === undefined
          ? undefined
          : ((stats.cpuMs - initCpuMs) / 1000) * (100_000 / lines),
      logsDropped: logsDropped(sandbox),
      lost: Math.max(0, lines - delivered),
      reportedLost: reportedLosses(sandbox.extensionOutput),
    };
  } finally {
    await run.close();
  }
}
