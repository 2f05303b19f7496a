import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HANDLER } from './measure/bench-run.js';
import { measureColdStarts } from './measure/cold-start.js';
import { machineWindow } from './measure/cpu-readings.js';
import { measureLayerSize } from './measure/layer-size.js';
import { measureLoad } from './measure/load.js';
import { measurePostRuntime } from './measure/post-runtime.js';
import { measureThroughput } from './measure/throughput.js';
import type { BenchOptions } from './options.js';
import type { SubjectResult } from './results.js';
import { layerPath, type Subject } from './subjects.js';

/** Sporadic invokes come more than 2 s apart (adaptive's busy threshold). */
const SPORADIC_GAP_MS = 2_200;
/**
 * Invokes before the steady ones are measured, --quick too: adaptive calls
 * a function busy once 10 of its gaps were short, so every invoke measured
 * is a busy one (with 5, a quick run's first 5 flushed before /next).
 */
const STEADY_WARMUP = 20;
/** How long each throughput step invokes back to back. */
const THROUGHPUT_WINDOW_MS = 4_000;

/** `result` with the machine's busy share over its phase, when known. */
const withBusy = <T>(result: T, machineBusy: number | undefined): T =>
  machineBusy === undefined ? result : { ...result, machineBusy };

const reason = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Every measurement of one subject; with `paired` (a layer's null
 * extension), each of its cold starts follows one of that null extension.
 * A missing layer or a destination server that does not start skips the
 * subject with the reason; a measurement that fails is recorded as an error
 * and the others still run.
 */
export async function runSubject(opts: {
  root: string;
  subject: Subject;
  options: BenchOptions;
  searchThroughput: boolean;
  paired?: { readonly name: string; readonly layer: string };
  progress: (line: string) => void;
}): Promise<SubjectResult> {
  const { paired } = opts;
  const { subject, options } = opts;
  const say = (line: string) => opts.progress(`${subject.name}: ${line}`);
  const result: SubjectResult = {
    name: subject.name,
    kind: subject.kind,
    errors: [],
  };
  const layer = layerPath(opts.root, subject);
  if (!(await stat(layer).catch(() => undefined))) {
    result.skipped = `${subject.layer} is missing (pnpm build makes it)`;
    say(result.skipped);
    return result;
  }
  if (subject.kind === 'layer') result.size = await measureLayerSize(layer);
  say(`starting ${subject.peer}`);
  let target: Awaited<ReturnType<Subject['startTarget']>>;
  try {
    target = await subject.startTarget();
  } catch (error) {
    result.skipped = `${subject.peer} did not start: ${reason(error)}`;
    say(result.skipped);
    return result;
  }
  const ctx = {
    layer,
    handler: join(opts.root, HANDLER),
    openRun: (run: string) => target.openRun(run),
    progress: say,
  };
  const attempt = async (what: string, measure: () => Promise<void>) => {
    say(what);
    try {
      await measure();
    } catch (error) {
      result.errors.push(`${what}: ${reason(error)}`);
      say(`${what} failed: ${reason(error)}`);
    }
  };
  try {
    const coldStarts = paired
      ? `${options.coldStarts} cold starts, each after one of ${paired.name}`
      : `${options.coldStarts} cold starts`;
    await attempt(coldStarts, async () => {
      const machine = machineWindow();
      const coldStart = await measureColdStarts(ctx, {
        runs: options.coldStarts,
        ...(paired ? { pairedLayer: paired.layer } : {}),
      });
      result.coldStart = withBusy(coldStart, machine.busy());
    });
    await attempt('post-runtime time', async () => {
      result.postRuntime = await measurePostRuntime(ctx, {
        warmup: STEADY_WARMUP,
        steady: options.steadyInvokes,
        sporadic: options.sporadicInvokes,
        gapMs: SPORADIC_GAP_MS,
      });
    });
    await attempt(
      `${options.loadInvokes} invokes of 10,000 lines`,
      async () => {
        const machine = machineWindow();
        const load = await measureLoad(ctx, options.loadInvokes);
        result.load = withBusy(load, machine.busy());
      }
    );
    if (opts.searchThroughput) {
      await attempt('throughput search', async () => {
        result.throughput = await measureThroughput(ctx, THROUGHPUT_WINDOW_MS);
      });
    }
  } finally {
    await target.close();
  }
  return result;
}
