import { setTimeout as sleep } from 'node:timers/promises';
import { summarize } from '../percentiles.js';
import type { PostRuntimeResult } from '../results.js';
import {
  invokeOk,
  type MeasureContext,
  runName,
  startBenchSandbox,
} from './bench-run.js';

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

async function postRuntimeTimes(
  ctx: MeasureContext,
  opts: { invokes: number; warmup: number; gapMs: number }
): Promise<number[]> {
  const run = await ctx.openRun(runName('p'));
  try {
    await using sandbox = await startBenchSandbox(ctx, run);
    const samples: number[] = [];
    for (let n = 0; n < opts.warmup + opts.invokes; n++) {
      if (opts.gapMs > 0) await sleep(opts.gapMs);
      const tag = `i${n}`;
      const result = await invokeOk(sandbox, { tag, lines: LINES_PER_INVOKE });
      if (n >= opts.warmup) samples.push(result.postRuntimeMs);
    }
    await sandbox.shutdown();
    return samples;
  } finally {
    await run.close();
  }
}

/**
 * Post-runtime time (platform.runtimeDone → the extension's `next`, as the
 * sandbox measures it) for back-to-back invokes after a warm-up, then, in a
 * fresh environment, for invokes each `gapMs` after the previous one.
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
    steady: summarize(steady),
    sporadic: summarize(sporadic),
    steadyInvokes: plan.steady,
    sporadicInvokes: plan.sporadic,
    sporadicGapMs: plan.gapMs,
    linesPerInvoke: LINES_PER_INVOKE,
  };
}
