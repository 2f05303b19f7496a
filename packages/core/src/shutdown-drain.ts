import type { Destination } from './destination.js';
import type { ShutdownEvent } from './extension-event.js';
import type { Flusher } from './flusher.js';
import type { InvokeTracker } from './invoke-tracker.js';
import type { Listener } from './listener.js';
import type { FunctionContext, LogEvent } from './log-event.js';
import type { Logger } from './logger.js';
import { describeLosses, type LossStats } from './loss-stats.js';
import type { EventQueue } from './queue.js';
import { MIN_ATTEMPT_MS } from './retry-timing.js';

/**
 * How long SHUTDOWN at least lets a background request in flight finish
 * (longer, twice the last batch's time, when the destination is slow).
 */
export const IN_FLIGHT_GRACE_MS = 300;

/**
 * Longest wait for the last invoke's straggling telemetry (AWS samples: 1 s).
 *
 * @example
 * const stragglersUntil = now + Math.min(STRAGGLER_MAX_MS, (deadlineMs - now) / 2);
 */
export const STRAGGLER_MAX_MS = 1_000;
/**
 * The flush must end this long before SHUTDOWN's deadline.
 *
 * @example
 * await flusher.flush({ deadlineMs: shutdown.deadlineMs - SHUTDOWN_SAFETY_MS, final: true });
 */
export const SHUTDOWN_SAFETY_MS = 200;
/** Closing the destination must end this long before the deadline. */
const CLOSE_SAFETY_MS = 50;

/**
 * Options of {@link drainOnShutdown}.
 *
 * @example
 * await drainOnShutdown(opts satisfies ShutdownDrainOptions);
 */
export interface ShutdownDrainOptions {
  readonly event: ShutdownEvent;
  readonly tracker: InvokeTracker;
  readonly queue: EventQueue;
  readonly flusher: Flusher;
  readonly destination: Destination;
  readonly listener: Listener;
  readonly stats: LossStats;
  readonly log: Logger;
  readonly context: FunctionContext;
  /** False when the platform refused telemetry: nothing to wait for. */
  readonly telemetryActive: boolean;
  /** Quiet time that ends the wait when no invoke is known (Managed Instances). */
  readonly quietMs: number;
  /** Events handed to the queue so far, to count those lost in flight. */
  readonly queuedTotal: () => number;
  readonly nowMs?: () => number;
}

/**
 * Handles SHUTDOWN (spec 2.4, 7.3, 9.7). The listener stays open while:
 * 1. it waits for the last invoke's platform.runtimeDone and platform.report
 *    (or platform.initReport when there was no invoke; a quiet listener when
 *    no invokes are seen at all), at most min(1 s, half the time left);
 * 2. on reason `timeout` or `failure` it queues one `logdrain.shutdown`
 *    record naming the reason and the request in flight;
 * 3. it lets a background flush still running finish its batch (for
 *    300 ms, or twice the last batch's time, or half the time left when
 *    none was delivered yet), then cuts it short (its batch
 *    goes back to the queue) and flushes with a deadline 200 ms before
 *    SHUTDOWN's;
 * 4. it closes the listener, counts everything not delivered as `unsent`,
 *    logs one error line summing up every loss, and closes the destination by
 *    50 ms before the deadline.
 * Never throws; the caller exits 0 right after.
 *
 * @example
 * const shutdown = await loop.run();
 * await drainOnShutdown({ event: shutdown, tracker, queue, flusher, destination, listener, stats, log, context, telemetryActive: true, quietMs: 200, queuedTotal: () => pushed });
 * process.exit(0);
 */
export async function drainOnShutdown(
  opts: ShutdownDrainOptions
): Promise<void> {
  const { event, tracker, queue, stats, log } = opts;
  const nowMs = opts.nowMs ?? Date.now;
  const startMs = nowMs();
  const leftMs = event.deadlineMs - startMs;
  const stragglersUntil = startMs + Math.min(STRAGGLER_MAX_MS, leftMs / 2);
  const last = tracker.lastRequestId;

  if (opts.telemetryActive) {
    const arrived = await waitForStragglers(opts, stragglersUntil, nowMs);
    log.debug('shutdown: stragglers', {
      arrived,
      waitedMs: nowMs() - startMs,
      lastRequestId: last,
    });
  }

  let synthetic = 0;
  if (
    (event.shutdownReason === 'timeout' ||
      event.shutdownReason === 'failure') &&
    last
  ) {
    queue.push(shutdownRecord(opts, last, nowMs()));
    synthetic = 1;
  }

  const flushDeadlineMs = event.deadlineMs - SHUTDOWN_SAFETY_MS;
  // A background flush may still run (an attempt against a hanging
  // receiver lasts up to 5 s, a backoff up to 5 s): the final flush would
  // wait for it past its own deadline. Cut it short; its batch goes back to
  // the front of the queue and the final flush sends it.
  // A background request frozen in flight usually finds its answer waiting
  // in the socket at the thaw: let it finish for a moment before cutting it
  // short, or the final flush sends its batch again and a receiver without
  // idempotency keys (OTLP, webhooks) stores it twice.
  opts.flusher.stopTaking();
  // Twice the last full batch's time; none timed yet (a first bulk that
  // creates an index, say): half the time left. Cutting short a request
  // the destination is working on only queues the same work behind it;
  // never more than half the time left, which the final flush needs.
  const graceMaxMs = (flushDeadlineMs - MIN_ATTEMPT_MS - nowMs()) / 2;
  const lastBatch = opts.flusher.lastBatch;
  const typicalMs = lastBatch === undefined ? graceMaxMs : 2 * lastBatch.ms;
  const graceEndMs =
    nowMs() + Math.min(Math.max(IN_FLIGHT_GRACE_MS, typicalMs), graceMaxMs);
  while (!opts.flusher.idle && nowMs() < graceEndMs) {
    await sleep(Math.min(10, graceEndMs - nowMs()));
  }
  opts.flusher.abortRunning();
  await settleBy(
    opts.flusher.flush({ deadlineMs: flushDeadlineMs, final: true }),
    flushDeadlineMs,
    nowMs,
    log
  );
  await settleBy(opts.listener.close(), flushDeadlineMs + 50, nowMs, log);

  // Whatever is neither delivered, rejected nor dropped is still queued or
  // was in flight when time ran out: unsent.
  const accounted = stats.delivered + stats.rejected + stats.droppedQueueFull;
  const undelivered = opts.queuedTotal() + synthetic - accounted;
  stats.unsent += Math.max(queue.length, undelivered);
  // Counted only now, so that queuedTotal (received − filtered) above did
  // not count it twice: received = filtered + delivered + rejected +
  // droppedQueueFull + unsent holds with the synthetic record too.
  stats.received += synthetic;
  const losses = describeLosses(stats);
  if (losses !== undefined) log.error(losses, { ...stats });

  await settleBy(
    Promise.resolve().then(() => opts.destination.close?.()),
    event.deadlineMs - CLOSE_SAFETY_MS,
    nowMs,
    log
  );
  await settleBy(queue.close(), event.deadlineMs - CLOSE_SAFETY_MS, nowMs, log);
}

function waitForStragglers(
  opts: ShutdownDrainOptions,
  untilMs: number,
  nowMs: () => number
): Promise<boolean> {
  const { tracker } = opts;
  const last = tracker.lastRequestId;
  if (last !== undefined) {
    return tracker.waitFor(
      () => tracker.hasRuntimeDone(last) && tracker.hasReport(last),
      untilMs
    );
  }
  if (!tracker.initReportSeen) {
    return tracker.waitFor(() => tracker.initReportSeen, untilMs);
  }
  // No INVOKE ever (Managed Instances register for SHUTDOWN only): wait
  // until the listener has been quiet for a buffering period.
  return waitForQuiet(opts, untilMs, nowMs);
}

async function waitForQuiet(
  opts: ShutdownDrainOptions,
  untilMs: number,
  nowMs: () => number
): Promise<boolean> {
  for (;;) {
    const now = nowMs();
    const lastBody = opts.listener.lastBodyAtMs ?? 0;
    if (now - lastBody >= opts.quietMs) return true;
    if (now >= untilMs) return false;
    await sleep(Math.min(10, untilMs - now));
  }
}

function shutdownRecord(
  opts: ShutdownDrainOptions,
  requestId: string,
  now: number
): LogEvent {
  const reason = opts.event.shutdownReason;
  return {
    time: new Date(now).toISOString(),
    timeMs: now,
    type: 'logdrain.shutdown',
    stream: 'platform',
    record: {
      shutdownReason: reason,
      requestId,
      deadlineMs: opts.event.deadlineMs,
    },
    message: `SHUTDOWN (reason: ${reason}) while request ${requestId} was in flight: the environment is reset and Lambda reports nothing more about this request`,
    level: 'ERROR',
    requestId,
    coldStart: requestId === opts.tracker.firstRequestId,
    context: opts.context,
  };
}

/** Awaits `work`, but no longer than until `untilMs`; never throws. */
async function settleBy(
  work: Promise<unknown>,
  untilMs: number,
  nowMs: () => number,
  log: Logger
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, untilMs - nowMs()));
  });
  try {
    await Promise.race([
      work.catch((error: unknown) =>
        log.error('shutdown step failed', { error })
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
