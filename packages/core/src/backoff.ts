/**
 * Options of {@link fullJitterBackoff}.
 *
 * @example
 * const opts: BackoffOptions = { baseMs: 100, capMs: 5_000 };
 */
export interface BackoffOptions {
  /** Upper bound of the first wait. */
  readonly baseMs: number;
  /** No wait is longer than this. */
  readonly capMs: number;
  /** A number in [0, 1); `Math.random` unless given (tests pin it). */
  readonly random?: () => number;
}

/**
 * Exponential backoff with full jitter: the wait after attempt `n` (1-based)
 * is uniformly random in [0, min(capMs, baseMs × 2^(n−1))), in whole ms.
 * Full jitter spreads retries of many environments hitting one receiver
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 *
 * @example
 * const backoff = fullJitterBackoff({ baseMs: 100, capMs: 5_000 });
 * const waitMs = backoff(3); // somewhere in [0, 400)
 */
export function fullJitterBackoff(
  opts: BackoffOptions
): (attempt: number) => number {
  const random = opts.random ?? Math.random;
  return (attempt) => {
    // Clamp the exponent so huge attempt numbers never make Infinity.
    const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
    const ceilingMs = Math.min(opts.capMs, opts.baseMs * 2 ** exponent);
    return Math.floor(random() * ceilingMs);
  };
}
