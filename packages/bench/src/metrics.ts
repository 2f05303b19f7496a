import { THROUGHPUT_CPU_METRICS } from './metrics-breakdown.js';
import type { SubjectResult } from './results.js';

/** How a figure is shown. */
export type MetricUnit =
  | 'ms'
  | 'bytes'
  | 's'
  | 'lines/s'
  | 'MB/s'
  | 'count'
  | 'µs'
  | '%';

/** One figure of the table, the chart and the ratios. */
export interface Metric {
  readonly key: string;
  readonly label: string;
  readonly unit: MetricUnit;
  /** True when a bigger figure is better (throughput). */
  readonly higherIsBetter?: boolean;
  /**
   * False for figures whose ratio to the null extension means nothing: the
   * layer sizes, the loss counts, and post-runtime time (the null extension
   * already waits in `next` when the runtime finishes: its figure is ~0).
   */
  readonly hasRatio: boolean;
  read(subject: SubjectResult): number | undefined;
  /** The null extension's figure measured alongside this subject's, if any. */
  readPaired?(subject: SubjectResult): number | undefined;
  /** The table's cell, when it says more than the figure and its unit. */
  text?(subject: SubjectResult): string | undefined;
}

const MB = 1024 * 1024;

/** Every figure `pnpm bench` reports, in table order. */
export const METRICS: readonly Metric[] = [
  {
    key: 'registerP50',
    label: 'spawn → register, median',
    unit: 'ms',
    hasRatio: true,
    read: (s) => s.coldStart?.registerMs.p50,
    readPaired: (s) => s.coldStart?.paired?.registerMs.p50,
  },
  {
    key: 'registerP95',
    label: 'spawn → register, p95',
    unit: 'ms',
    hasRatio: true,
    read: (s) => s.coldStart?.registerMs.p95,
    readPaired: (s) => s.coldStart?.paired?.registerMs.p95,
  },
  {
    key: 'readyP50',
    label: 'spawn → ready, median',
    unit: 'ms',
    hasRatio: true,
    read: (s) => s.coldStart?.readyMs.p50,
    readPaired: (s) => s.coldStart?.paired?.readyMs.p50,
  },
  {
    key: 'readyP95',
    label: 'spawn → ready, p95',
    unit: 'ms',
    hasRatio: true,
    read: (s) => s.coldStart?.readyMs.p95,
    readPaired: (s) => s.coldStart?.paired?.readyMs.p95,
  },
  {
    key: 'cpuRegisterP50',
    label: 'CPU to register, median',
    unit: 'ms',
    hasRatio: true,
    read: (s) => s.coldStart?.cpuRegisterMs?.p50,
    readPaired: (s) => s.coldStart?.paired?.cpuRegisterMs?.p50,
  },
  {
    key: 'cpuReadyP50',
    label: 'CPU to ready, median',
    unit: 'ms',
    hasRatio: true,
    read: (s) => s.coldStart?.cpuReadyMs?.p50,
    readPaired: (s) => s.coldStart?.paired?.cpuReadyMs?.p50,
  },
  {
    key: 'pairedRegisterP50',
    label: 'null alongside: spawn → register',
    unit: 'ms',
    hasRatio: false,
    read: (s) => s.coldStart?.paired?.registerMs.p50,
  },
  {
    key: 'pairedReadyP50',
    label: 'null alongside: spawn → ready',
    unit: 'ms',
    hasRatio: false,
    read: (s) => s.coldStart?.paired?.readyMs.p50,
  },
  ...(['p50', 'p95', 'p99'] as const).map(
    (p): Metric => ({
      key: `steady${p.toUpperCase()}`,
      label: `post-runtime, steady, ${p}`,
      unit: 'ms',
      hasRatio: false,
      read: (s) => s.postRuntime?.steady?.[p],
    })
  ),
  ...(['p50', 'p95', 'p99'] as const).map(
    (p): Metric => ({
      key: `sporadic${p.toUpperCase()}`,
      label: `post-runtime, sporadic, ${p}`,
      unit: 'ms',
      hasRatio: false,
      read: (s) => s.postRuntime?.sporadic?.[p],
    })
  ),
  {
    key: 'peakRss',
    label: 'peak RSS, 10,000 lines/invoke',
    unit: 'bytes',
    hasRatio: true,
    read: (s) => s.load?.peakRssBytes,
  },
  {
    key: 'cpuPer100k',
    label: 'CPU per 100,000 lines',
    unit: 's',
    hasRatio: true,
    read: (s) => s.load?.cpuSecondsPer100kLines,
  },
  {
    key: 'throughputLines',
    label: 'throughput, no logsDropped',
    unit: 'lines/s',
    higherIsBetter: true,
    hasRatio: true,
    read: (s) => s.throughput?.linesPerSecond,
  },
  {
    key: 'throughputMb',
    label: 'throughput, no logsDropped',
    unit: 'MB/s',
    higherIsBetter: true,
    hasRatio: true,
    read: (s) =>
      s.throughput === undefined ? undefined : s.throughput.mbPerSecond,
  },
  ...THROUGHPUT_CPU_METRICS,
  {
    key: 'logsDropped10k',
    label: '10,000 lines/invoke: logsDropped',
    unit: 'count',
    hasRatio: false,
    read: (s) => s.load?.logsDropped,
  },
  {
    key: 'lost10k',
    label: '10,000 lines/invoke: lost',
    unit: 'count',
    hasRatio: false,
    read: (s) => s.load?.lost,
  },
  {
    key: 'zipBytes',
    label: 'layer zip',
    unit: 'bytes',
    hasRatio: false,
    read: (s) => s.size?.zipBytes,
  },
  {
    key: 'unzippedBytes',
    label: 'layer unzipped',
    unit: 'bytes',
    hasRatio: false,
    read: (s) => s.size?.unzippedBytes,
  },
];

/** Bytes per MB in the table and the chart (MiB). */
export const BYTES_PER_MB = MB;

/** The metric with this key; throws for an unknown key (a bug). */
export function metric(key: string): Metric {
  const found = METRICS.find((m) => m.key === key);
  if (!found) throw new Error(`unknown metric ${key}`);
  return found;
}
