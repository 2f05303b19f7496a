import { availableParallelism } from 'node:os';
import type { ProcessStats, Sandbox } from '@logdrain/sandbox';
import type { CpuPerLine, ThroughputStep } from '../results.js';
import type { TargetRun } from '../targets/target.js';
import {
  busyShare,
  type MachineTicks,
  readMachineTicks,
  threadCpuMs,
} from './cpu-readings.js';

/** CPU time so far of everything a throughput step runs on, ms. */
export interface CpuSnapshot {
  /** The sandbox's samples of its processes (undefined without /proc). */
  readonly extensionMs: number | undefined;
  readonly runtimeMs: number | undefined;
  /** process.cpuUsage(): every thread of the bench process. */
  readonly benchMs: number;
  /** The bench process's main thread (the sandbox's event loop). */
  readonly mainThreadMs: number | undefined;
  /** The receiver's thread; undefined when the target cannot tell. */
  readonly receiverMs: number | undefined;
  readonly machine: MachineTicks | undefined;
}

function sumCpu(stats: readonly ProcessStats[]): number | undefined {
  if (stats.some((s) => s.cpuMs === undefined)) return undefined;
  return stats.reduce((sum, s) => sum + (s.cpuMs ?? 0), 0);
}

/**
 * The CPU time of the extension and runtime processes (as the sandbox last
 * sampled them: every 10 ms while thawed, and when frozen or shut down),
 * the bench process and the receiver's thread, and the machine's ticks.
 */
export async function takeSnapshot(
  sandbox: Sandbox,
  run: TargetRun
): Promise<CpuSnapshot> {
  const receiverMs = await run.receiverCpuMs?.();
  const usage = process.cpuUsage();
  return {
    extensionMs: sumCpu(sandbox.extensionStats),
    runtimeMs: sumCpu(sandbox.runtimeStats),
    benchMs: (usage.user + usage.system) / 1000,
    mainThreadMs: threadCpuMs(),
    receiverMs,
    machine: readMachineTicks(),
  };
}

const round = (value: number, places: number) =>
  Math.round(value * 10 ** places) / 10 ** places;

/**
 * A step's CPU figures between two snapshots, per line delivered: each
 * participant's µs per line, the extension's capacity on one core, the
 * ceiling of `cpus` cores, and the machine's busy share. Empty without
 * /proc or lines.
 */
export function stepCpu(
  before: CpuSnapshot,
  after: CpuSnapshot,
  lines: number,
  cpus = availableParallelism()
): Pick<
  ThroughputStep,
  | 'cpuPerLine'
  | 'extensionLinesPerCore'
  | 'ceilingLinesPerSecond'
  | 'cpus'
  | 'machineBusy'
> {
  const machineBusy =
    before.machine && after.machine
      ? busyShare(before.machine, after.machine)
      : undefined;
  const busy = machineBusy === undefined ? {} : { machineBusy };
  const { extensionMs: e0, runtimeMs: r0 } = before;
  const { extensionMs: e1, runtimeMs: r1 } = after;
  if (lines <= 0 || e0 === undefined || e1 === undefined) return busy;
  if (r0 === undefined || r1 === undefined) return busy;
  const perLine = (ms: number) => round((ms * 1000) / lines, 2);
  const receiverMs =
    before.receiverMs === undefined || after.receiverMs === undefined
      ? undefined
      : after.receiverMs - before.receiverMs;
  const cpuPerLine: CpuPerLine = {
    extensionUs: perLine(e1 - e0),
    runtimeUs: perLine(r1 - r0),
    emulatorUs: perLine(after.benchMs - before.benchMs - (receiverMs ?? 0)),
    ...(before.mainThreadMs === undefined || after.mainThreadMs === undefined
      ? {}
      : {
          emulatorMainThreadUs: perLine(
            after.mainThreadMs - before.mainThreadMs
          ),
        }),
    ...(receiverMs === undefined ? {} : { receiverUs: perLine(receiverMs) }),
  };
  const { extensionUs, runtimeUs, emulatorUs, receiverUs } = cpuPerLine;
  const allUs =
    receiverUs === undefined
      ? undefined
      : extensionUs + runtimeUs + emulatorUs + receiverUs;
  return {
    cpuPerLine,
    ...(extensionUs > 0
      ? { extensionLinesPerCore: Math.round(1e6 / extensionUs) }
      : {}),
    ...(allUs === undefined || allUs <= 0
      ? {}
      : { ceilingLinesPerSecond: Math.round((cpus * 1e6) / allUs) }),
    cpus,
    ...busy,
  };
}
