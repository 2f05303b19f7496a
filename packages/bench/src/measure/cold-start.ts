import type { Sandbox } from '@logdrain/sandbox';
import { summarize } from '../percentiles.js';
import type { ColdStartResult } from '../results.js';
import type { TargetRun } from '../targets/target.js';
import {
  extensionProcess,
  type MeasureContext,
  runName,
  startBenchSandbox,
} from './bench-run.js';

/** Spawn → register and spawn → ready samples of one extension. */
class Samples {
  readonly register: number[] = [];
  readonly ready: number[] = [];
  readonly cpuRegister: number[] = [];
  readonly cpuReady: number[] = [];

  add(sandbox: Sandbox): void {
    const stats = extensionProcess(sandbox);
    if (stats.registeredAtMs === undefined) throw new Error('no register');
    if (stats.firstNextAtMs === undefined) throw new Error('no next');
    this.register.push(stats.registeredAtMs - stats.spawnedAtMs);
    this.ready.push(stats.firstNextAtMs - stats.spawnedAtMs);
    // Undefined where there is no /proc.
    if (stats.cpuAtRegisterMs !== undefined) {
      this.cpuRegister.push(stats.cpuAtRegisterMs);
    }
    if (stats.cpuAtReadyMs !== undefined)
      this.cpuReady.push(stats.cpuAtReadyMs);
  }

  summary(): Omit<ColdStartResult, 'paired'> {
    const registerMs = summarize(this.register);
    const readyMs = summarize(this.ready);
    if (!registerMs || !readyMs) throw new Error('no cold start measured');
    const cpuRegisterMs = summarize(this.cpuRegister);
    const cpuReadyMs = summarize(this.cpuReady);
    return {
      registerMs,
      readyMs,
      ...(cpuRegisterMs ? { cpuRegisterMs } : {}),
      ...(cpuReadyMs ? { cpuReadyMs } : {}),
    };
  }
}

async function coldStart(
  ctx: MeasureContext,
  run: TargetRun,
  samples: Samples
): Promise<void> {
  await using sandbox = await startBenchSandbox(ctx, run);
  samples.add(sandbox);
  await sandbox.shutdown();
}

/**
 * Spawn → register and spawn → first `/event/next` of the extension process
 * over `runs` fresh environments, as the sandbox timed them, and its CPU
 * time at both. With
 * `pairedLayer` (the null extension), each cold start of the layer follows
 * one of the null extension, so a machine busy with other work slows both
 * alike.
 */
export async function measureColdStarts(
  ctx: MeasureContext,
  opts: { runs: number; pairedLayer?: string }
): Promise<ColdStartResult> {
  const run = await ctx.openRun(runName('c'));
  const own = new Samples();
  const paired = new Samples();
  const nullRun: TargetRun = {
    env: {},
    delivered: async () => 0,
    close: async () => {},
  };
  try {
    for (let n = 0; n < opts.runs; n++) {
      if (opts.pairedLayer !== undefined) {
        await coldStart({ ...ctx, layer: opts.pairedLayer }, nullRun, paired);
      }
      await coldStart(ctx, run, own);
    }
  } finally {
    await run.close();
  }
  return {
    ...own.summary(),
    ...(opts.pairedLayer === undefined ? {} : { paired: paired.summary() }),
  };
}
