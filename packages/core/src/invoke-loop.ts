import type { InvokeEvent, ShutdownEvent } from './extension-event.js';
import type { ExtensionsClient } from './extensions-client.js';
import type { FlushPolicy } from './flush-policy.js';
import type { Flusher } from './flusher.js';
import type { InvokeTracker } from './invoke-tracker.js';
import type { Logger } from './logger.js';
import {
  BACK_PRESSURE_MAX_MS,
  BACKGROUND_FLUSH_MAX_MS,
  END_FLUSH_MAX_MS,
  holdNextForFlush,
} from './next-hold.js';
import type { EventQueue } from './queue.js';

/**
 * Stop waiting for platform.runtimeDone this long before the invoke deadline.
 *
 * @example
 * await tracker.waitFor(() => tracker.hasRuntimeDone(id), invoke.deadlineMs - RUNTIME_DONE_RESERVE_MS);
 */
export const RUNTIME_DONE_RESERVE_MS = 500;
/**
 * An end-of-invoke flush releases /next this long before the invoke deadline.
 *
 * @example
 * const boundMs = Math.min(Date.now() + BACK_PRESSURE_MAX_MS, invoke.deadlineMs - INVOKE_SAFETY_MS);
 */
export const INVOKE_SAFETY_MS = 200;
/** /event/next failing this many times in a row is fatal. */
const NEXT_MAX_FAILURES = 3;

/**
 * Options of {@link runInvokeLoop}.
 *
 * @example
 * const shutdown = await runInvokeLoop(opts satisfies InvokeLoopOptions);
 */
export interface InvokeLoopOptions {
  readonly client: ExtensionsClient;
  readonly policy: FlushPolicy;
  readonly tracker: InvokeTracker;
  readonly queue: EventQueue;
  readonly flusher: Flusher;
  readonly log: Logger;
  /** False when the platform refused telemetry: never wait for it. */
  readonly telemetryActive: boolean;
  readonly nowMs?: () => number;
  /** Pause between failed /event/next calls; default 100 ms × failures. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Loops over /event/next until SHUTDOWN, which it returns. For each INVOKE
 * the flush policy decides whether to wait for this request's
 * platform.runtimeDone (bounded by the invoke deadline minus 500 ms) and to
 * flush before the next /next (see holdNextForFlush: 1 s, longer while a
 * slow destination makes progress on a backlog, never past the deadline
 * minus 200 ms; logged at warn the first time); otherwise a background flush starts at once (the environment is
 * thawed) and a background timer keeps flushing while it stays thawed and
 * something is queued (with nothing queued, no timer runs).
 * Errors while handling an invoke are logged, never thrown. /event/next
 * failing 3 times in a row throws the last error.
 *
 * @example
 * const shutdown = await runInvokeLoop({ client, policy, tracker, queue, flusher, log, telemetryActive: true });
 */
export async function runInvokeLoop(
  opts: InvokeLoopOptions
): Promise<ShutdownEvent> {
  const { client, policy, queue, flusher, log } = opts;
  const nowMs = opts.nowMs ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const slowSeen = { value: false };

  const backgroundFlush = (): void => {
    if (!flusher.idle) return;
    if (!policy.shouldFlushInBackground(queue.oldestEnqueuedMs, nowMs())) {
      return;
    }
    flusher
      .flush({ deadlineMs: nowMs() + BACKGROUND_FLUSH_MAX_MS })
      .catch((error: unknown) =>
        log.error('background flush failed', { error })
      );
  };
  // The background timer runs only while something is queued or being
  // sent: a push arms it, and a tick that finds nothing left stops it. It
  // never keeps the process alive, and it stops while frozen.
  const intervalMs = policy.backgroundIntervalMs();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    timer = undefined;
    backgroundFlush();
    if (queue.length > 0 || !flusher.idle) arm();
  };
  const arm = (): void => {
    if (timer !== undefined || intervalMs === undefined) return;
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  queue.onPush(arm);
  if (queue.length > 0) arm();

  try {
    let failures = 0;
    for (;;) {
      let event: InvokeEvent | ShutdownEvent;
      try {
        flusher.noteNext();
        event = await client.next();
        failures = 0;
      } catch (error) {
        failures += 1;
        log.error('event/next failed', { error, failures });
        if (failures >= NEXT_MAX_FAILURES) throw error;
        await sleep(100 * failures);
        continue;
      }
      if (event.eventType === 'SHUTDOWN') return event;
      try {
        await handleInvoke(opts, event, { nowMs, backgroundFlush, slowSeen });
      } catch (error) {
        log.error('handling an invoke failed', { error });
      }
    }
  } finally {
    queue.onPush(undefined);
    clearTimeout(timer);
  }
}

async function handleInvoke(
  opts: InvokeLoopOptions,
  event: InvokeEvent,
  loop: {
    readonly nowMs: () => number;
    readonly backgroundFlush: () => void;
    /** Set once back-pressure was logged at warn. */
    readonly slowSeen: { value: boolean };
  }
): Promise<void> {
  const { nowMs, backgroundFlush, slowSeen } = loop;
  const { policy, tracker, queue, flusher, log } = opts;
  const id = event.requestId;
  policy.onInvoke(id, nowMs());
  tracker.startInvoke(id);

  if (opts.telemetryActive && policy.shouldWaitForRuntimeDone()) {
    const seen = await tracker.waitFor(
      () => tracker.hasRuntimeDone(id),
      event.deadlineMs - RUNTIME_DONE_RESERVE_MS
    );
    if (!seen)
      log.debug('runtimeDone did not arrive in time', { requestId: id });
  }
  if (
    !policy.shouldFlushBeforeNext(
      queue.oldestEnqueuedMs,
      nowMs(),
      queue.bytes,
      flusher.backlogMs()
    )
  ) {
    // After this turn: /next goes out first, then the batch is encoded
    // while the function runs.
    setImmediate(backgroundFlush);
    return;
  }
  const boundMs = Math.min(
    nowMs() + BACK_PRESSURE_MAX_MS,
    event.deadlineMs - INVOKE_SAFETY_MS
  );
  if (boundMs <= nowMs()) return;
  const held = await holdNextForFlush({
    flusher,
    queue,
    log,
    boundMs,
    nowMs,
  });
  const fields = { requestId: id, state: policy.state, ...held };
  if (held.heldMs <= END_FLUSH_MAX_MS || held.sent === 0) {
    log.debug('flushed before next', fields);
  } else {
    // Once per environment at warn: every invoke would repeat it.
    log[slowSeen.value ? 'debug' : 'warn'](
      'the destination is slower than the function logs: /next was held while records were sent',
      fields
    );
    slowSeen.value = true;
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * For `LOGDRAIN_ON_CONFIG_ERROR=disable`: stays registered and idle, calling
 * /event/next until SHUTDOWN (which it returns). Gives up after /event/next
 * fails 3 times in a row.
 *
 * @example
 * await idleUntilShutdown({ client, log });
 * process.exit(0);
 */
export async function idleUntilShutdown(opts: {
  client: ExtensionsClient;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
}): Promise<ShutdownEvent> {
  const sleep = opts.sleep ?? defaultSleep;
  let failures = 0;
  for (;;) {
    try {
      const event = await opts.client.next();
      failures = 0;
      if (event.eventType === 'SHUTDOWN') return event;
    } catch (error) {
      failures += 1;
      opts.log.error('event/next failed', { error, failures });
      if (failures >= NEXT_MAX_FAILURES) throw error;
      await sleep(100 * failures);
    }
  }
}
