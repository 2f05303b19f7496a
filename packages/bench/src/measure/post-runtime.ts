import { setTimeout as sleep } from 'node:timers/promises';
import { summarize } from '../percentiles.js';
import type { PostRuntimeResult } from '../results.js';
import {
  invokeOk,
  type MeasureContext,
  runName,
  startBenchSandbox,
} from './bench-run.js';
import { machineWindow } from './cpu-readings.js';

/** Lines each invoke logs while post-runtime time is measured. */
const LINES_PER_INVOKE = 20;

/** Invoke counts and the gap of sporadic traffic. */
export interface PostRuntimePlan {
  readonly warmup: number;
  readonly steady: number;
  readonly sporadic: number;
  /** More than 2 s: adaptive treats the function as sporadic. */
  readonly gapMs: number;
}

/** One run's post-runtime times and the machine's load. */
interface TimedRun {
  readonly samples: number[];
  readonly machineBusy: number | undefined;
}

async function postRuntimeTimes(
  ctx: MeasureContext,
  opts: { invokes: number; warmup: number; gapMs: number }
): Promise<TimedRun> {
  const run = await ctx.openRun(runName('p'));
  try {
    await using sandbox = await startBenchSandbox(ctx, run);
    const samples: number[] = [];
    let machine: ReturnType<typeof machineWindow> | undefined;
    for (let n = 0; n < opts.warmup + opts.invokes; n++) {
      if (n === opts.warmup) machine = machineWindow();
      if (opts.gapMs > 0) await sleep(opts.gapMs);
      const tag = `i${n}`;
      const result = await invokeOk(sandbox, { tag, lines: LINES_PER_INVOKE });
      if (n < opts.warmup) continue;
      samples.push(result.postRuntimeMs);
    }
    const machineBusy = machine?.busy();
    await sandbox.shutdown();
    return { samples, machineBusy };
  } finally {
    await run.close();
  }
}

/**
 * Post-runtime time (platform.runtimeDone → the extension's `next`, as the
 * sandbox measures it) for back-to-back invokes after a warm-up, then, in a
 * fresh environment, for invokes each `gapMs` after the previous one. The
 * layers run with their default settings (log level included).
 */
export async function measurePostRuntime(
  ctx: MeasureContext,
  plan: PostRuntimePlan
): Promise<PostRuntimeResult> {
  const steady = await postRuntimeTimes(ctx, {
    invokes: plan.steady,
    warmup: plan.warmup,
    gapMs: 0,
  });
  ctx.progress(`steady: ${plan.steady} invokes measured`);
  const sporadic = await postRuntimeTimes(ctx, {
    invokes: plan.sporadic,
    warmup: 0,
    gapMs: plan.gapMs,
  });
  return {
    steady: summarize(steady.samples),
    sporadic: summarize(sporadic.samples),
    steadyInvokes: plan.steady,
    sporadicInvokes: plan.sporadic,
    sporadicGapMs: plan.gapMs,
    linesPerInvoke: LINES_PER_INVOKE,
    ...(steady.machineBusy === undefined
      ? {}
      : { steadyMachineBusy: steady.machineBusy }),
    ...(sporadic.machineBusy === undefined
      ? {}
      : { sporadicMachineBusy: sporadic.machineBusy }),
  };
}
