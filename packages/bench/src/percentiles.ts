/** Median, tail percentiles and extremes of a set of samples. */
export interface Distribution {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Nearest-rank percentile of samples sorted ascending: the smallest sample
 * with at least `p` % of the samples at or below it.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // → 2
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/**
 * The distribution of `samples` (any order); undefined when there are none.
 *
 * @example
 * summarize([3, 1, 2]).p50; // → 2
 */
export function summarize(
  samples: readonly number[]
): Distribution | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
  };
}
