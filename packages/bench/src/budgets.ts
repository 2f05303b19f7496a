import { baselineFigure } from './baseline.js';
import { METRICS } from './metrics.js';
import type { SubjectResult } from './results.js';

/** One line of issue 9's budget table, for one figure. */
export interface Budget {
  readonly metric: string;
  /** 'max': the figure must be at most `limit`; 'min': at least. */
  readonly bound: 'max' | 'min';
  readonly limit: number;
  /** 'ratio': `limit` applies to the figure divided by the null extension's. */
  readonly of: 'value' | 'ratio';
  /** Layers it applies to; every layer when absent. */
  readonly layers?: readonly string[];
  /** Only these fail the CI run (`--quick`); the rest are reported. */
  readonly failsRun: boolean;
  /** How the table shows it, e.g. "≤ 1.10×". */
  readonly text: string;
}

const KB = 1024;
const MB = 1024 * 1024;

const sizeBudget = (layers: string[], limit: number, text: string): Budget => ({
  metric: 'zipBytes',
  bound: 'max',
  limit,
  of: 'value',
  layers,
  failsRun: true,
  text,
});

/** Issue 9's budgets, measured on a 2-core machine. */
export const BUDGETS: readonly Budget[] = [
  {
    metric: 'registerP50',
    bound: 'max',
    limit: 1.1,
    of: 'ratio',
    failsRun: false,
    text: '≤ 1.10× null',
  },
  {
    metric: 'readyP50',
    bound: 'max',
    limit: 1.25,
    of: 'ratio',
    failsRun: false,
    text: '≤ 1.25× null',
  },
  {
    metric: 'steadyP50',
    bound: 'max',
    limit: 2,
    of: 'value',
    failsRun: false,
    text: '≤ 2 ms',
  },
  {
    metric: 'steadyP99',
    bound: 'max',
    limit: 10,
    of: 'value',
    failsRun: false,
    text: '≤ 10 ms',
  },
  {
    metric: 'peakRss',
    bound: 'max',
    limit: 1.3,
    of: 'ratio',
    failsRun: false,
    text: '≤ 1.3× null',
  },
  {
    metric: 'peakRss',
    bound: 'max',
    limit: 64 * MB,
    of: 'value',
    failsRun: false,
    text: '≤ 64 MB',
  },
  {
    metric: 'throughputLines',
    bound: 'min',
    limit: 100_000,
    of: 'value',
    layers: ['webhook', 'webhook-standalone'],
    failsRun: false,
    text: '≥ 100,000/s (webhook)',
  },
  {
    metric: 'logsDropped10k',
    bound: 'max',
    limit: 0,
    of: 'value',
    failsRun: false,
    text: '0',
  },
  {
    metric: 'lost10k',
    bound: 'max',
    limit: 0,
    of: 'value',
    failsRun: false,
    text: '0',
  },
  sizeBudget(['webhook'], 150 * KB, 'webhook 150 KB'),
  sizeBudget(['s3', 'cloudwatch'], 1 * MB, 's3/cloudwatch 1 MB'),
  sizeBudget(['otlp', 'elasticsearch'], 500 * KB, 'otlp/es 500 KB'),
];

/** A budget checked against one layer's figure. */
export interface Verdict {
  readonly subject: string;
  readonly budget: Budget;
  /** The figure compared (a ratio for ratio budgets). */
  readonly compared: number;
  readonly pass: boolean;
}

/**
 * Checks every budget that applies to `subject` and has a figure; a ratio
 * budget needs the null extension's figure too (the paired one when there is
 * one). The baseline itself gets none.
 */
export function evaluateBudgets(
  subject: SubjectResult,
  baseline: SubjectResult | undefined
): Verdict[] {
  if (subject.kind === 'baseline') return [];
  const verdicts: Verdict[] = [];
  for (const budget of BUDGETS) {
    if (budget.layers && !budget.layers.includes(subject.name)) continue;
    const m = METRICS.find((candidate) => candidate.key === budget.metric);
    const value = m?.read(subject);
    if (m === undefined || value === undefined) continue;
    let compared = value;
    if (budget.of === 'ratio') {
      const base = baselineFigure(m, subject, baseline);
      if (base === undefined || base === 0) continue;
      compared = value / base;
    }
    const pass =
      budget.bound === 'max'
        ? compared <= budget.limit
        : compared >= budget.limit;
    verdicts.push({ subject: subject.name, budget, compared, pass });
  }
  return verdicts;
}

/** The verdicts that fail the run: a size budget exceeded. */
export function runFailures(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter((v) => v.budget.failsRun && !v.pass);
}
