import { fullJitterBackoff } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { Destination } from './destination.js';
import type { LogEvent } from './log-event.js';
import type { Logger } from './logger.js';
import type { LossStats } from './loss-stats.js';
import {
  createRetryTiming,
  MIN_ATTEMPT_MS,
  sleepUnlessAborted,
} from './retry-timing.js';
import { ATTEMPT_CUT_SHORT, attemptSend } from './send-attempt.js';

/**
 * Options of {@link createSender}.
 *
 * @example
 * const opts: SenderOptions = { destination, log, stats, maxAttempts: 3 };
 */
export interface SenderOptions {
  readonly destination: Destination;
  readonly log: Logger;
  /** `delivered` and `rejected` are counted here. */
  readonly stats: LossStats;
  /** Longest single attempt; default 5_000. */
  readonly attemptTimeoutMs?: number;
  /** Attempts per `deliver` call; default 5. */
  readonly maxAttempts?: number;
  /** Wait after failed attempt n; default full jitter, 100 ms base, 5 s cap. */
  readonly backoff?: (attempt: number) => number;
  readonly circuit?: CircuitBreaker;
  readonly nowMs?: () => number;
  /** Default: a timer, cleared when the deliver call's signal aborts. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Options of one {@link Sender.deliver} call.
 *
 * @example
 * const opts: DeliverOptions = { deadlineMs: Date.now() + 1_000 };
 */
export interface DeliverOptions {
  /** Epoch ms; no attempt runs and no wait lasts past it. */
  readonly deadlineMs: number;
  /** Try even when the circuit is open (the final flush at SHUTDOWN). */
  readonly ignoreCircuit?: boolean;
  /**
   * Aborted: stop waiting, abandon the attempt in flight (its destination
   * signal fires) and return what is left as `unsent`, at once.
   */
  readonly signal?: AbortSignal;
}

/**
 * What happened to a batch.
 *
 * @example
 * const { delivered, rejected, unsent }: DeliverResult = await sender.deliver(batch, opts);
 */
export interface DeliverResult {
  readonly delivered: number;
  readonly rejected: number;
  /** Not sent: the caller requeues them or counts them as unsent. */
  readonly unsent: readonly LogEvent[];
}

/**
 * Delivers batches with retries, backoff, Retry-After, per-attempt timeouts,
 * a circuit breaker and a hard deadline.
 *
 * @example
 * const sender = createSender({ destination, log, stats });
 * const result = await sender.deliver(batch, { deadlineMs: Date.now() + 2_000 });
 */
export interface Sender {
  /**
   * False while the circuit is open or a Retry-After has not passed (a
   * flush may skip its work then).
   */
  canSend(): boolean;
  /** Never throws. */
  deliver(
    batch: readonly LogEvent[],
    opts: DeliverOptions
  ): Promise<DeliverResult>;
}

/**
 * Makes a {@link Sender}. Per attempt the destination gets an AbortSignal
 * that fires at min(attemptTimeoutMs, deadline); an attempt that ignores it
 * is abandoned then. Outcomes: `delivered` ends; `rejected` counts the
 * rejected records (only `remaining` when given, the rest delivered) and
 * logs one warning; `retry` waits (Retry-After, else backoff; at once for a
 * reset connection on the first attempt) and sends `remaining` when given; a
 * thrown error is a retry logged at error. It stops at maxAttempts, when the
 * circuit is open, or when the next attempt could not start at least
 * {@link MIN_ATTEMPT_MS} before the deadline, and returns what is left as
 * `unsent`. A Retry-After is remembered across calls (capped at
 * MAX_RETRY_AFTER_MS, 5 min): until it passes `canSend()` is false and
 * every `deliver` waits for it first, even with `ignoreCircuit`. Retries
 * that carry Retry-After do not count against the circuit (the receiver is
 * up and asked us to wait), nor do connection resets, nor an attempt cut
 * short by `signal` (which ends the call with the rest unsent).
 *
 * @example
 * const sender = createSender({
 *   destination,
 *   log,
 *   stats,
 *   circuit: createCircuitBreaker(),
 * });
 * const { unsent } = await sender.deliver(batch, { deadlineMs });
 * if (unsent.length > 0) queue.unshift(unsent);
 */
export function createSender(opts: SenderOptions): Sender {
  const { destination, log, stats, circuit } = opts;
  const attemptTimeoutMs = opts.attemptTimeoutMs ?? 5_000;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const nowMs = opts.nowMs ?? Date.now;
  const timing = createRetryTiming({
    backoff: opts.backoff ?? fullJitterBackoff({ baseMs: 100, capMs: 5_000 }),
    nowMs,
  });

  function noteFailure(reason: string): void {
    if (circuit === undefined) return;
    const before = circuit.state;
    circuit.onFailure();
    if (before !== 'open' && circuit.state === 'open') {
      log.warn('destination keeps failing: pausing delivery', {
        destination: destination.name,
        retryAtMs: circuit.retryAtMs,
        reason,
      });
    }
  }

  /** Why attempt `n` does not start in time. */
  function stopReason(n: number, lastReason: string): string {
    if (n > 1) return `${lastReason} (no time left to retry)`;
    if (timing.notBeforeMs > nowMs()) {
      const at = new Date(timing.notBeforeMs).toISOString();
      return `waiting for Retry-After (not before ${at})`;
    }
    return `deadline reached (less than ${MIN_ATTEMPT_MS} ms left)`;
  }

  return {
    canSend: () =>
      (circuit?.canSend() ?? true) && nowMs() >= timing.notBeforeMs,
    async deliver(batch, { deadlineMs, ignoreCircuit = false, signal }) {
      let pending = batch;
      let delivered = 0;
      let lastReason = 'not attempted';
      let readyAtMs = 0;
      for (let n = 1; pending.length > 0; n++) {
        if (signal?.aborted) {
          lastReason = ATTEMPT_CUT_SHORT;
          break;
        }
        if (!ignoreCircuit && circuit !== undefined && !circuit.canSend()) {
          lastReason = 'circuit open';
          break;
        }
        const startAtMs = timing.startAtMs(readyAtMs);
        // Never sleep past the deadline, nor start an attempt that could
        // only be aborted by it.
        if (!timing.fitsBefore(startAtMs, deadlineMs)) {
          lastReason = stopReason(n, lastReason);
          break;
        }
        const waitMs = startAtMs - nowMs();
        if (n > 1) {
          log.debug('retrying batch', {
            destination: destination.name,
            attempt: n,
            waitMs,
            reason: lastReason,
          });
        }
        if (waitMs > 0)
          await sleepUnlessAborted(waitMs, { sleep: opts.sleep, signal });
        if (signal?.aborted) {
          lastReason = ATTEMPT_CUT_SHORT;
          break;
        }
        // A timer may fire late: the rule holds for the actual start.
        if (!timing.fitsBefore(nowMs(), deadlineMs)) {
          lastReason = stopReason(n, lastReason);
          break;
        }
        const outcome = await attemptSend(destination, pending, {
          attempt: n,
          timeoutMs: Math.min(attemptTimeoutMs, deadlineMs - nowMs()),
          log,
          signal,
        });
        if (outcome.status === 'delivered') {
          circuit?.onSuccess();
          delivered += pending.length;
          pending = [];
          break;
        }
        if (outcome.status === 'rejected') {
          circuit?.onSuccess();
          const rejected = outcome.remaining ?? pending;
          delivered += pending.length - rejected.length;
          stats.delivered += delivered;
          stats.rejected += rejected.length;
          log.warn('destination rejected records', {
            destination: destination.name,
            records: rejected.length,
            reason: outcome.reason,
          });
          return { delivered, rejected: rejected.length, unsent: [] };
        }
        if (outcome.remaining !== undefined) {
          delivered += pending.length - outcome.remaining.length;
          pending = outcome.remaining;
        }
        lastReason = outcome.reason;
        // Cut short by the caller, not a failure of the destination.
        if (signal?.aborted) break;
        const plan = timing.afterRetry(outcome, n);
        if (plan.isFailure) noteFailure(outcome.reason);
        if (n >= maxAttempts) break;
        readyAtMs = plan.readyAtMs;
      }
      stats.delivered += delivered;
      if (pending.length > 0) {
        // While the circuit stays open this would repeat on every flush; a
        // batch cut short is sent again by the flush that cut it.
        const quiet =
          lastReason === 'circuit open' || lastReason === ATTEMPT_CUT_SHORT;
        const level = quiet ? 'debug' : 'warn';
        log[level]('batch not delivered', {
          destination: destination.name,
          records: pending.length,
          reason: lastReason,
        });
      }
      return { delivered, rejected: 0, unsent: pending };
    },
  };
}
