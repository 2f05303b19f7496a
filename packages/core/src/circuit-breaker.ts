/**
 * `closed`: sending; `open`: not sending; `half-open`: trying again.
 *
 * @example
 * if (circuit.state === 'open') log.debug('delivery paused');
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Options of {@link createCircuitBreaker}.
 *
 * @example
 * const opts: CircuitBreakerOptions = { failureThreshold: 3, openMs: 5_000 };
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; default 3. */
  readonly failureThreshold?: number;
  /**
   * How long the first opening lasts; default 5_000: a short blip costs a few
   * seconds of delay, a long outage backs off to `maxOpenMs`.
   */
  readonly openMs?: number;
  /** Each consecutive opening doubles, up to this; default 300_000. */
  readonly maxOpenMs?: number;
  readonly nowMs?: () => number;
}

/**
 * Stops sending to a destination that keeps failing, so a dead receiver
 * costs the function nothing. After `failureThreshold` consecutive failures
 * it opens for `openMs`; then it lets a trial through (half-open). A failed
 * trial opens it again for twice as long (up to `maxOpenMs`); a success
 * closes it and resets the duration.
 *
 * @example
 * const circuit = createCircuitBreaker({ failureThreshold: 3 });
 * if (circuit.canSend()) {
 *   const ok = await trySend();
 *   ok ? circuit.onSuccess() : circuit.onFailure();
 * }
 */
export interface CircuitBreaker {
  readonly state: CircuitState;
  /** When an open circuit lets the next trial through; else undefined. */
  readonly retryAtMs: number | undefined;
  canSend(): boolean;
  onSuccess(): void;
  onFailure(): void;
}

/**
 * Makes a {@link CircuitBreaker}.
 *
 * @example
 * const circuit = createCircuitBreaker({ openMs: 10_000, nowMs: () => clock });
 */
export function createCircuitBreaker(
  opts: CircuitBreakerOptions = {}
): CircuitBreaker {
  const threshold = Math.max(1, opts.failureThreshold ?? 3);
  const baseOpenMs = opts.openMs ?? 5_000;
  const maxOpenMs = Math.max(baseOpenMs, opts.maxOpenMs ?? 300_000);
  const nowMs = opts.nowMs ?? Date.now;
  let failures = 0;
  let openedUntilMs: number | undefined;
  let nextOpenMs = baseOpenMs;

  function state(): CircuitState {
    if (openedUntilMs === undefined) return 'closed';
    return nowMs() < openedUntilMs ? 'open' : 'half-open';
  }

  return {
    get state() {
      return state();
    },
    get retryAtMs() {
      return state() === 'open' ? openedUntilMs : undefined;
    },
    canSend: () => state() !== 'open',
    onSuccess() {
      failures = 0;
      openedUntilMs = undefined;
      nextOpenMs = baseOpenMs;
    },
    onFailure() {
      const current = state();
      failures += 1;
      // A failed trial re-opens at once; a closed circuit waits for the
      // threshold. Failures reported while open (a send that started
      // before it opened) do not extend the opening.
      if (
        current === 'half-open' ||
        (current === 'closed' && failures >= threshold)
      ) {
        openedUntilMs = nowMs() + nextOpenMs;
        nextOpenMs = Math.min(nextOpenMs * 2, maxOpenMs);
      }
    },
  };
}
