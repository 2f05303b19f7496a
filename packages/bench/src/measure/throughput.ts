import type { ThroughputResult, ThroughputStep } from '../results.js';
import {
  awaitDelivered,
  invokeOk,
  logsDropped,
  type MeasureContext,
  runName,
  startBenchSandbox,
} from './bench-run.js';
import { stepCpu, takeSnapshot } from './step-cpu.js';

/** Message bytes of every line (the "≈100-byte lines"). */
export const LINE_BYTES = 100;
/** Lines per invoke, tried in order. */
export const THROUGHPUT_STEPS = [1_000, 2_500, 5_000, 10_000, 20_000, 40_000];
/** A step must beat the best rate so far by this factor to count as growth. */
const GROWTH = 1.05;
/** Steps in a row without growth that end the search (one may be noise). */
const PATIENCE = 2;

/** A step's CPU figures for its progress line. */
function describeCpu(step: ThroughputStep): string {
  const cpu = step.cpuPerLine;
  const idle =
    step.machineBusy === undefined
      ? ''
      : `, machine idle ${Math.round((1 - step.machineBusy) * 100)} %`;
  if (!cpu) return idle;
  return `; CPU µs/line: extension ${cpu.extensionUs}, emulator ${cpu.emulatorUs}, runtime ${cpu.runtimeUs}, receiver ${cpu.receiverUs ?? '?'}${idle}`;
}

/**
 * One step: back-to-back invokes of `linesPerInvoke` lines for `windowMs`
 * (at least 2), SHUTDOWN, then the lines that arrived. The CPU figures are
 * read once those lines are in, so the receiver's work on them counts.
 */
export async function throughputStep(
  ctx: MeasureContext,
  linesPerInvoke: number,
  windowMs: number
): Promise<ThroughputStep> {
  const tag = runName('t');
  const run = await ctx.openRun(tag);
  try {
    await using sandbox = await startBenchSandbox(ctx, run);
    const before = await takeSnapshot(sandbox, run);
    const startedMs = Date.now();
    let invokes = 0;
    while (invokes < 2 || Date.now() - startedMs < windowMs) {
      await invokeOk(sandbox, { tag, invoke: invokes, lines: linesPerInvoke });
      invokes += 1;
    }
    // SHUTDOWN drains what is still queued: the window ends when it is over.
    await sandbox.shutdown();
    const elapsedMs = Date.now() - startedMs;
    const delivered = await awaitDelivered({
      run,
      sandbox,
      tag,
      expected: invokes * linesPerInvoke,
      timeoutMs: 10_000,
    });
    const after = await takeSnapshot(sandbox, run);
    return {
      linesPerInvoke,
      invokes,
      windowMs: elapsedMs,
      delivered,
      linesPerSecond: Math.round((delivered * 1000) / elapsedMs),
      logsDropped: logsDropped(sandbox),
      ...stepCpu(before, after, delivered),
    };
  } finally {
    await run.close();
  }
}

/**
 * The highest sustained rate of function lines delivered: back-to-back
 * invokes for `windowMs`, more lines per invoke each step, until the
 * platform drops records or two steps in a row do not beat the best rate by
 * 5 %. A step's rate
 * is the lines that arrived by the end of SHUTDOWN over the whole window;
 * its CPU figures cover the same work (see {@link throughputStep}).
 */
export async function measureThroughput(
  ctx: MeasureContext,
  windowMs: number
): Promise<ThroughputResult> {
  const steps: ThroughputStep[] = [];
  let best: ThroughputStep | undefined;
  let flat = 0;
  let stoppedBy: ThroughputResult['stoppedBy'] = 'largest step';
  for (const lines of THROUGHPUT_STEPS) {
    const result = await throughputStep(ctx, lines, windowMs);
    steps.push(result);
    ctx.progress(
      `throughput: ${lines} lines/invoke → ${result.linesPerSecond} lines/s, logsDropped ${result.logsDropped}${describeCpu(result)}`
    );
    if (result.logsDropped > 0) {
      stoppedBy = 'logsDropped';
      break;
    }
    const previous = best?.linesPerSecond ?? 0;
    flat = result.linesPerSecond < previous * GROWTH ? flat + 1 : 0;
    if (!best || result.linesPerSecond > previous) best = result;
    if (flat === PATIENCE) {
      stoppedBy = 'plateau';
      break;
    }
  }
  const linesPerSecond = best?.linesPerSecond ?? 0;
  return {
    linesPerSecond,
    mbPerSecond:
      Math.round(((linesPerSecond * LINE_BYTES) / (1024 * 1024)) * 100) / 100,
    lineBytes: LINE_BYTES,
    stoppedBy,
    steps,
  };
}
