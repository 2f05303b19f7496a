import { type BatchTiming, fitLimits } from './batch-timing.js';
import type { DestinationLimits } from './destination.js';
import type { LogEvent } from './log-event.js';
import type { Logger } from './logger.js';
import type { EventQueue } from './queue.js';
import { MIN_ATTEMPT_MS } from './retry-timing.js';
import type { Sender } from './sender.js';
import { settlesBefore } from './settles-before.js';

/**
 * Options of {@link createFlusher}.
 *
 * @example
 * const opts: FlusherOptions = { queue, sender, limits: destination.limits, log };
 */
export interface FlusherOptions {
  readonly queue: EventQueue;
  readonly sender: Sender;
  readonly limits: DestinationLimits;
  readonly log: Logger;
  readonly nowMs?: () => number;
}

/**
 * Options of one {@link Flusher.flush} call.
 *
 * @example
 * const opts: FlushOptions = { deadlineMs: shutdown.deadlineMs - 200, final: true };
 */
export interface FlushOptions {
  /** Epoch ms: no batch is sent and no wait lasts past it. */
  readonly deadlineMs: number;
  /** The last flush (SHUTDOWN): send even while the circuit is open. */
  readonly final?: boolean;
  /**
   * Aborted: the flush stops waiting (for a running flush, a backoff or a
   * Retry-After), abandons the attempt in flight, puts that batch back at
   * the front of the queue and returns.
   */
  readonly signal?: AbortSignal;
}

/**
 * What one flush did.
 *
 * @example
 * const { sent, remaining }: FlushResult = await flusher.flush(opts);
 */
export interface FlushResult {
  /** Events the destination accepted during this call. */
  readonly sent: number;
  /** Events still queued afterwards. */
  readonly remaining: number;
}

/**
 * Sends what is queued, batch after batch, one flush at a time.
 *
 * @example
 * const flusher = createFlusher({ queue, sender, limits: destination.limits, log });
 * const { sent, remaining } = await flusher.flush({ deadlineMs: Date.now() + 1_000 });
 */
export interface Flusher {
  flush(opts: FlushOptions): Promise<FlushResult>;
  /**
   * Cuts short every non-final flush that runs or waits now, as if its
   * `signal` aborted (SHUTDOWN calls this before its final flush, so that a
   * background flush stuck on a hanging receiver or in a backoff does not
   * hold it up). Flushes started later are not affected.
   */
  abortRunning(): void;
  /**
   * Non-final flushes take no new batch from now on; the batch in flight
   * finishes (SHUTDOWN calls this, waits a moment for it, then cuts short
   * what still runs).
   */
  stopTaking(): void;
  /** True when no flush runs or waits. */
  readonly idle: boolean;
  /** Events delivered by every flush so far (progress, for back-pressure). */
  readonly sentTotal: number;
  /** Events of the batch being delivered now (taken from the queue). */
  readonly inFlight: number;
  /**
   * How long sending what is queued and in flight would take beyond the
   * next batch: the further batches it needs × the last batch's time (0
   * before any batch was delivered). One slow batch alone is not a backlog.
   */
  backlogMs(): number;
  /**
   * The last full batch (cut by the destination's limits, the queue held
   * more) delivered whole with no /next while it was in flight: its events
   * and how long it took.
   */
  readonly lastBatch: BatchTiming | undefined;
  /**
   * Call before each /event/next: the environment may freeze while a batch
   * is in flight, and a time that spans a freeze says nothing of the
   * destination.
   */
  noteNext(): void;
}

/**
 * Makes a {@link Flusher}. A flush takes batches from the queue (cut to
 * `limits`, and to fewer items when the last batch delivered, at its rate,
 * says a full one would take more than 70 % of the time left) and delivers them one after another until the queue is empty,
 * less than MIN_ATTEMPT_MS is left before the deadline, or a batch comes
 * back unsent (circuit open, attempts used up, Retry-After, deadline):
 * those events go back to the front of the queue and the flush ends. While
 * the sender cannot send (circuit open, Retry-After not passed) a non-final
 * flush does nothing.
 * A call made while another flush runs waits for it, then runs its own; if
 * its deadline passes (or its signal aborts) while waiting it returns
 * without sending. An aborted flush puts its batch back at the front of the
 * queue, in order, and ends at once. Never throws.
 *
 * @example
 * const flusher = createFlusher({ queue, sender, limits: destination.limits, log });
 * await flusher.flush({ deadlineMs: shutdown.deadlineMs - 200, final: true });
 */
export function createFlusher(opts: FlusherOptions): Flusher {
  const { queue, sender, limits, log } = opts;
  const nowMs = opts.nowMs ?? Date.now;
  let current: Promise<FlushResult> | undefined;
  let waiting = 0;
  // One per non-final flush running or waiting: abortRunning aborts them.
  const cuttable = new Set<AbortController>();
  let stopped = false;
  let sentTotal = 0;
  let inFlight = 0;
  let lastBatch: Flusher['lastBatch'];
  let nexts = 0;

  async function drain(
    { deadlineMs, final = false }: FlushOptions,
    signal: AbortSignal
  ): Promise<FlushResult> {
    let sent = 0;
    if (!final && !sender.canSend()) return { sent, remaining: queue.length };
    // The sender starts no attempt with less than MIN_ATTEMPT_MS left: do
    // not take a batch from the queue only to put it back.
    while (
      queue.length > 0 &&
      deadlineMs - nowMs() >= MIN_ATTEMPT_MS &&
      !signal.aborted &&
      (final || !stopped)
    ) {
      const fitted = fitLimits(limits, lastBatch, deadlineMs - nowMs());
      const batch = queue.take(fitted);
      if (batch.length === 0) break;
      // Only a batch the destination's own limits cut is a sample of how
      // long a full one takes (small batches are mostly round trip).
      const full = fitted === limits && queue.length > 0;
      const nextsAtStart = nexts;
      let unsent: readonly LogEvent[];
      const startMs = nowMs();
      inFlight = batch.length;
      try {
        const result = await sender.deliver(batch, {
          deadlineMs,
          ignoreCircuit: final,
          signal,
        });
        sent += result.delivered;
        sentTotal += result.delivered;
        unsent = result.unsent;
        // A batch in flight across a /next may have spanned a freeze.
        if (
          result.delivered === batch.length &&
          full &&
          nexts === nextsAtStart
        ) {
          lastBatch = { events: batch.length, ms: nowMs() - startMs };
        }
      } catch (error) {
        // The sender does not throw; if it ever does, keep the batch.
        log.error('flush failed', {
          error: error instanceof Error ? error.message : String(error),
        });
        unsent = batch;
      }
      inFlight = 0;
      if (unsent.length > 0) {
        queue.unshift(unsent);
        break;
      }
    }
    return { sent, remaining: queue.length };
  }

  return {
    get idle() {
      return current === undefined && waiting === 0;
    },
    get sentTotal() {
      return sentTotal;
    },
    get inFlight() {
      return inFlight;
    },
    backlogMs() {
      if (lastBatch === undefined) return 0;
      const batches = Math.max(
        Math.ceil((queue.length + inFlight) / limits.maxBatchItems),
        Math.ceil(queue.bytes / limits.maxBatchBytes)
      );
      return Math.max(0, batches - 1) * lastBatch.ms;
    },
    get lastBatch() {
      return lastBatch;
    },
    noteNext() {
      nexts += 1;
    },
    stopTaking() {
      stopped = true;
    },
    abortRunning() {
      for (const controller of cuttable) controller.abort();
      cuttable.clear();
    },
    async flush(flushOpts) {
      const controller = new AbortController();
      const { signal } = controller;
      const cut = (): void => controller.abort();
      if (flushOpts.signal?.aborted) cut();
      flushOpts.signal?.addEventListener('abort', cut, { once: true });
      if (!flushOpts.final) cuttable.add(controller);
      try {
        return await flushWhenFree(flushOpts, signal);
      } finally {
        cuttable.delete(controller);
        flushOpts.signal?.removeEventListener('abort', cut);
      }
    },
  };

  async function flushWhenFree(
    flushOpts: FlushOptions,
    signal: AbortSignal
  ): Promise<FlushResult> {
    let finished = true;
    waiting += 1;
    try {
      while (current !== undefined && finished) {
        finished = await settlesBefore(current, {
          deadlineMs: flushOpts.deadlineMs,
          signal,
          nowMs,
        });
      }
    } finally {
      waiting -= 1;
    }
    if (!finished || signal.aborted) {
      return { sent: 0, remaining: queue.length };
    }
    const run = drain(flushOpts, signal);
    current = run;
    try {
      return await run;
    } catch (error) {
      log.error('flush failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      return { sent: 0, remaining: queue.length };
    } finally {
      if (current === run) current = undefined;
    }
  }
}
