import type { Metric } from './metrics.js';
import type { SubjectResult, ThroughputStep } from './results.js';

/** The step whose rate the search reported (the best without drops). */
export function bestStep(subject: SubjectResult): ThroughputStep | undefined {
  const t = subject.throughput;
  return t?.steps.find(
    (s) => s.logsDropped === 0 && s.linesPerSecond === t.linesPerSecond
  );
}

const us = (value: number) => value.toFixed(2);

/** How many of the measured invokes held /next, beside the percentiles. */
export const STEADY_HELD: Metric = {
  key: 'steadyHeld',
  label: 'post-runtime, steady: invokes that held /next',
  unit: 'count',
  hasRatio: false,
  read: (s) => s.postRuntime?.steadyHeld,
  text: (s) =>
    s.postRuntime?.steadyHeld === undefined
      ? undefined
      : `${s.postRuntime.steadyHeld} of ${s.postRuntime.steadyInvokes}`,
};

export const SPORADIC_HELD: Metric = {
  key: 'sporadicHeld',
  label: 'post-runtime, sporadic: invokes that held /next',
  unit: 'count',
  hasRatio: false,
  read: (s) => s.postRuntime?.sporadicHeld,
  text: (s) =>
    s.postRuntime?.sporadicHeld === undefined
      ? undefined
      : `${s.postRuntime.sporadicHeld} of ${s.postRuntime.sporadicInvokes}`,
};

/**
 * Where the best throughput step's CPU went, and what it implies: the
 * extension's own capacity on one core, and the rate every core could
 * carry with this work alone on them.
 */
export const THROUGHPUT_CPU_METRICS: readonly Metric[] = [
  {
    key: 'cpuPerLineExtension',
    label:
      'throughput, best step: CPU per line, extension / emulator+runtime / receiver',
    unit: 'µs',
    hasRatio: false,
    read: (s) => bestStep(s)?.cpuPerLine?.extensionUs,
    text: (s) => {
      const cpu = bestStep(s)?.cpuPerLine;
      if (!cpu) return undefined;
      const receiver = cpu.receiverUs === undefined ? '—' : us(cpu.receiverUs);
      return `${us(cpu.extensionUs)} / ${us(cpu.emulatorUs + cpu.runtimeUs)} / ${receiver} µs`;
    },
  },
  {
    key: 'extensionLinesPerCore',
    label: "throughput, best step: the extension's capacity on one core",
    unit: 'lines/s',
    hasRatio: false,
    read: (s) => bestStep(s)?.extensionLinesPerCore,
  },
  {
    key: 'ceilingLinesPerSecond',
    label: 'throughput, best step: ceiling with every core on this work',
    unit: 'lines/s',
    hasRatio: false,
    read: (s) => bestStep(s)?.ceilingLinesPerSecond,
    text: (s) => {
      const step = bestStep(s);
      if (step?.ceilingLinesPerSecond === undefined) return undefined;
      const lines = step.ceilingLinesPerSecond.toLocaleString('en-US');
      return `${lines} lines/s (${step.cpus} cores)`;
    },
  },
  {
    key: 'throughputIdle',
    label: 'throughput, best step: machine idle',
    unit: '%',
    hasRatio: false,
    read: (s) => {
      const busy = bestStep(s)?.machineBusy;
      return busy === undefined ? undefined : (1 - busy) * 100;
    },
  },
];
