/** Milliseconds with microsecond precision (spec 4.6). */
export function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** ISO-8601 time of a performance.now() reading. */
export function isoFromPerf(perfMs: number): string {
  return new Date(performance.timeOrigin + perfMs).toISOString();
}
