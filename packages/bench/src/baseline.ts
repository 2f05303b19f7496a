import { METRICS, type Metric } from './metrics.js';
import type { SubjectResult } from './results.js';

/**
 * The null extension `subject`'s figures divide by: the one it names (run
 * on the same Node.js), else the first (runs from before layers named it).
 */
export function baselineOf(
  subjects: readonly SubjectResult[],
  subject: SubjectResult
): SubjectResult | undefined {
  const baselines = subjects.filter((s) => s.kind === 'baseline');
  return baselines.find((s) => s.name === subject.baseline) ?? baselines[0];
}

/**
 * The null extension's figure to divide `subject`'s by: the one measured
 * alongside it (paired cold starts) when there is one, else the baseline's.
 */
export function baselineFigure(
  m: Metric,
  subject: SubjectResult,
  baseline: SubjectResult | undefined
): number | undefined {
  return m.readPaired?.(subject) ?? (baseline ? m.read(baseline) : undefined);
}

/**
 * Each figure of `subject` divided by the null extension's (see
 * {@link baselineFigure}), for the figures both have and whose ratio means
 * something.
 */
export function ratiosTo(
  subject: SubjectResult,
  baseline: SubjectResult
): Record<string, number> {
  const ratios: Record<string, number> = {};
  for (const m of METRICS) {
    const value = m.read(subject);
    const base = baselineFigure(m, subject, baseline);
    if (!m.hasRatio || value === undefined || base === undefined) continue;
    if (base === 0) continue;
    ratios[m.key] = Math.round((value / base) * 1000) / 1000;
  }
  return ratios;
}
