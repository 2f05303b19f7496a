import type { Flusher, FlushResult } from './flusher.js';
import type { Logger } from './logger.js';
import type { EventQueue } from './queue.js';
import { settlesBefore } from './settles-before.js';

/**
 * Longest an end-of-invoke flush holds /next when the queue is small
 * enough (the rest is sent in the background).
 *
 * @example
 * const releaseMs = Math.min(Date.now() + END_FLUSH_MAX_MS, invoke.deadlineMs - INVOKE_SAFETY_MS);
 */
export const END_FLUSH_MAX_MS = 1_000;
/**
 * Longest an end-of-invoke flush holds /next when the destination is
 * slower than the function logs (back-pressure).
 *
 * @example
 * const boundMs = Math.min(Date.now() + BACK_PRESSURE_MAX_MS, invoke.deadlineMs - INVOKE_SAFETY_MS);
 */
export const BACK_PRESSURE_MAX_MS = 10_000;
/**
 * Back-pressure ends once the queue could be sent in this long at the
 * measured rate: a backlog SHUTDOWN's last flush (about 1.5 s) can send.
 *
 * @example
 * const small = queue.length <= eventsPerMs * BACKLOG_TARGET_MS;
 */
export const BACKLOG_TARGET_MS = 500;
/**
 * Deadline of a background flush, and of the flush an end-of-invoke hold
 * starts: it outlives the hold, so when /next goes out the batch in flight
 * is not abandoned (the cluster would do the work and the answer be lost).
 * Long, so that few batches are cut short by it; SHUTDOWN does not wait
 * for it (see Flusher.abortRunning) and a later flush waits for it
 * (bounded by its own deadline).
 *
 * @example
 * void flusher.flush({ deadlineMs: Date.now() + BACKGROUND_FLUSH_MAX_MS });
 */
export const BACKGROUND_FLUSH_MAX_MS = 30_000;
/**
 * Once a hold has delivered something, the destination is alive: a batch
 * is awaited this long (a loaded cluster answers a bulk in seconds; a dead
 * one fails the attempt at core's 5 s attempt timeout) before /next goes.
 *
 * @example
 * const stalled = sent > 0 && nowMs - progressMs >= ALIVE_STALL_MS;
 */
export const ALIVE_STALL_MS = 5_000;
/** How often a hold checks progress and the backlog. */
const CHECK_MS = 50;

/**
 * Options of {@link holdNextForFlush}.
 *
 * @example
 * await holdNextForFlush({ flusher, queue, log, boundMs, nowMs: Date.now });
 */
export interface NextHoldOptions {
  readonly flusher: Flusher;
  readonly queue: EventQueue;
  readonly log: Logger;
  /** Epoch ms: the hold never lasts past it (the invoke's deadline). */
  readonly boundMs: number;
  readonly nowMs: () => number;
}

/**
 * Flushes before /next. Returns when the queue is empty, or after
 * {@link END_FLUSH_MAX_MS} when what is left (queued or in flight) could
 * be sent in
 * {@link BACKLOG_TARGET_MS} at the rate measured, or when no batch was
 * delivered for max(1 s, twice the last batch's time) (a destination that
 * fails, or hangs; {@link ALIVE_STALL_MS} once this hold delivered
 * something), or at `boundMs`. So a destination slower than the
 * function slows each invoke (up to {@link BACK_PRESSURE_MAX_MS}) instead
 * of letting a backlog grow until SHUTDOWN cannot send it. The flush goes
 * on after the return; never throws.
 *
 * @example
 * await holdNextForFlush({ flusher, queue, log, boundMs: invoke.deadlineMs - 200, nowMs: Date.now });
 */
export async function holdNextForFlush(
  opts: NextHoldOptions
): Promise<{ heldMs: number; sent: number; remaining: number }> {
  const { flusher, queue, nowMs } = opts;
  const startMs = nowMs();
  const sentAtStart = flusher.sentTotal;
  let lastSent = sentAtStart;
  let progressMs = startMs;
  const done = () => ({
    heldMs: nowMs() - startMs,
    sent: flusher.sentTotal - sentAtStart,
    remaining: queue.length,
  });
  const backlogSmall = (): boolean => {
    const elapsedMs = nowMs() - startMs;
    const sent = flusher.sentTotal - sentAtStart;
    const backlog = queue.length + flusher.inFlight;
    if (sent === 0 || elapsedMs <= 0) return backlog === 0;
    return backlog <= (sent / elapsedMs) * BACKLOG_TARGET_MS;
  };
  let checkMs = Math.min(startMs + END_FLUSH_MAX_MS, opts.boundMs);
  for (;;) {
    const flush = startFlush(opts);
    while (!(await settlesBefore(flush, { deadlineMs: checkMs, nowMs }))) {
      const now = nowMs();
      if (flusher.sentTotal > lastSent) {
        lastSent = flusher.sentTotal;
        progressMs = now;
      }
      const stallMs =
        lastSent > sentAtStart
          ? ALIVE_STALL_MS
          : Math.max(END_FLUSH_MAX_MS, 2 * (flusher.lastBatch?.ms ?? 0));
      const stalled = now - progressMs >= stallMs;
      if (now >= opts.boundMs || stalled || backlogSmall()) return done();
      checkMs = Math.min(now + CHECK_MS, opts.boundMs);
    }
    // The flush ended: the queue is empty, a batch came back unsent (the
    // destination failed), or its own deadline passed while it sent.
    const { sent } = await flush;
    if (sent === 0 || nowMs() >= opts.boundMs || backlogSmall()) {
      return done();
    }
  }
}

function startFlush(opts: NextHoldOptions): Promise<FlushResult> {
  return opts.flusher
    .flush({ deadlineMs: opts.nowMs() + BACKGROUND_FLUSH_MAX_MS })
    .catch((error: unknown) => {
      opts.log.error('flush failed', { error });
      return { sent: 0, remaining: opts.queue.length };
    });
}
