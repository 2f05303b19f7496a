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
