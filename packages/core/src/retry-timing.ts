/**
 * The least time an attempt may start with, in ms. An attempt started
 * closer to the deadline would be aborted after a few ms: wasted work, and
 * a duplicate at a receiver that took the batch but whose answer was cut
 * off. With less time left the sender returns the batch as unsent instead,
 * for a later flush.
 *
 * @example
 * if (deadlineMs - Date.now() < MIN_ATTEMPT_MS) return { unsent: batch };
 */
export const MIN_ATTEMPT_MS = 100;

/**
 * The longest Retry-After honoured, in ms (the circuit breaker's longest
 * opening). A receiver asking for more would stall delivery until the
 * queue overflows; after this the sender tries again.
 *
 * @example
 * const notBeforeMs = now + Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
 */
export const MAX_RETRY_AFTER_MS = 300_000;

// A socket reused after a freeze is often already closed by the peer: the
// first attempt fails with a reset that a fresh connection does not have.
const RESET_PATTERN =
  /ECONNRESET|other side closed|UND_ERR_SOCKET|socket hang up|EPIPE/i;

/**
 * Options of {@link createRetryTiming}.
 *
 * @example
 * const opts: RetryTimingOptions = { backoff: (n) => n * 100, nowMs: Date.now };
 */
export interface RetryTimingOptions {
  /** Wait after failed attempt n when the receiver named no time. */
  readonly backoff: (attempt: number) => number;
  readonly nowMs: () => number;
}

/**
 * What a `retry` outcome means for the next attempt.
 *
 * @example
 * const { readyAtMs, isFailure }: RetryPlan = timing.afterRetry(outcome, 1);
 */
export interface RetryPlan {
  /** Epoch ms: the next attempt starts no earlier (see `startAtMs`). */
  readonly readyAtMs: number;
  /** Counts against the circuit breaker (not a Retry-After, not a reset). */
  readonly isFailure: boolean;
}

/**
 * When attempts may start. It remembers the receiver's Retry-After across
 * `deliver` calls (`notBeforeMs`), so that a flush cut short by its
 * deadline does not let the next flush retry too early.
 *
 * @example
 * const startAtMs = timing.startAtMs(readyAtMs);
 * if (!timing.fitsBefore(startAtMs, deadlineMs)) return unsent;
 */
export interface RetryTiming {
  /** Epoch ms before which no attempt starts; 0 when none was asked. */
  readonly notBeforeMs: number;
  /** After a `retry` outcome of attempt `attempt` (1-based). */
  afterRetry(
    outcome: { readonly reason: string; readonly retryAfterMs?: number },
    attempt: number
  ): RetryPlan;
  /** The earliest start: now, `readyAtMs` and `notBeforeMs` all passed. */
  startAtMs(readyAtMs: number): number;
  /** True when an attempt starting then has MIN_ATTEMPT_MS before the deadline. */
  fitsBefore(startAtMs: number, deadlineMs: number): boolean;
}

/**
 * Makes a {@link RetryTiming}. A Retry-After (capped at
 * {@link MAX_RETRY_AFTER_MS}) sets `notBeforeMs`, never earlier than one
 * already set; a reset connection on the first attempt retries at once;
 * other retries wait `backoff(attempt)`.
 *
 * @example
 * const timing = createRetryTiming({ backoff: fullJitterBackoff({ baseMs: 100, capMs: 5_000 }), nowMs: Date.now });
 * const { readyAtMs } = timing.afterRetry({ reason: 'HTTP 429', retryAfterMs: 2_000 }, 1);
 * timing.startAtMs(readyAtMs); // now + 2_000
 */
export function createRetryTiming(opts: RetryTimingOptions): RetryTiming {
  const { backoff, nowMs } = opts;
  let notBeforeMs = 0;
  return {
    get notBeforeMs() {
      return notBeforeMs;
    },
    afterRetry(outcome, attempt) {
      const now = nowMs();
      if (outcome.retryAfterMs !== undefined) {
        const waitMs = Math.min(
          Math.max(0, outcome.retryAfterMs),
          MAX_RETRY_AFTER_MS
        );
        notBeforeMs = Math.max(notBeforeMs, now + waitMs);
        return { readyAtMs: now, isFailure: false };
      }
      if (RESET_PATTERN.test(outcome.reason)) {
        const waitMs = attempt === 1 ? 0 : Math.max(0, backoff(attempt));
        return { readyAtMs: now + waitMs, isFailure: false };
      }
      return {
        readyAtMs: now + Math.max(0, backoff(attempt)),
        isFailure: true,
      };
    },
    startAtMs: (readyAtMs) => Math.max(readyAtMs, notBeforeMs, nowMs()),
    fitsBefore: (startAtMs, deadlineMs) =>
      deadlineMs - startAtMs >= MIN_ATTEMPT_MS,
  };
}

/**
 * Waits `ms` (with `sleep` when given, else a timer), or less when `signal`
 * aborts first; never rejects. The default timer is not unref'd: a flush
 * awaiting it must keep the process alive; abort clears it.
 *
 * @example
 * await sleepUnlessAborted(backoffMs, { signal });
 * if (signal.aborted) return unsent;
 */
export function sleepUnlessAborted(
  ms: number,
  opts: {
    readonly sleep?: (ms: number) => Promise<void>;
    readonly signal?: AbortSignal;
  }
): Promise<void> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop = (): void => undefined;
  const waited = new Promise<void>((resolve) => {
    stop = resolve;
    if (opts.sleep === undefined) timer = setTimeout(resolve, ms);
    else opts.sleep(ms).then(resolve, resolve);
    signal?.addEventListener('abort', stop, { once: true });
  });
  return waited.finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  });
}
