/**
 * A parsed `LOGDRAIN_FLUSH` value.
 *
 * @example
 * const spec: FlushPolicySpec = { kind: 'continuous', intervalMs: 500 };
 */
export type FlushPolicySpec =
  | { readonly kind: 'adaptive' }
  | { readonly kind: 'end' }
  | { readonly kind: 'periodic'; readonly intervalMs: number }
  | { readonly kind: 'continuous'; readonly intervalMs: number };

/**
 * The shortest `<ms>` in `periodic:<ms>` and `continuous:<ms>`.
 *
 * @example
 * parseFlushPolicy(`periodic:${FLUSH_INTERVAL_MIN_MS}`); // the shortest allowed
 */
export const FLUSH_INTERVAL_MIN_MS = 100;
/**
 * The longest `<ms>` accepted.
 *
 * @example
 * parseFlushPolicy(`periodic:${FLUSH_INTERVAL_MAX_MS}`); // the longest allowed
 */
export const FLUSH_INTERVAL_MAX_MS = 3_600_000;

/**
 * What `LOGDRAIN_FLUSH` accepts, for messages.
 *
 * @example
 * read.warn({ variable: 'LOGDRAIN_FLUSH', value, allowed: FLUSH_POLICY_ALLOWED }, 'the default adaptive');
 */
export const FLUSH_POLICY_ALLOWED = `adaptive, end, periodic:<ms> or continuous:<ms> with ms from ${FLUSH_INTERVAL_MIN_MS} to ${FLUSH_INTERVAL_MAX_MS}`;

/**
 * Adaptive: two invokes starting less than this apart are "close".
 *
 * @example
 * const close = gapMs < ADAPTIVE_BUSY_GAP_MS;
 */
export const ADAPTIVE_BUSY_GAP_MS = 2_000;
/**
 * Adaptive: how many recent gaps between invokes are considered.
 *
 * @example
 * if (gaps.length > ADAPTIVE_WINDOW) gaps.shift();
 */
export const ADAPTIVE_WINDOW = 20;
/**
 * Adaptive: a function is busy when this many recent gaps are close.
 *
 * @example
 * const busy = closeGaps >= ADAPTIVE_BUSY_MIN_CLOSE;
 */
export const ADAPTIVE_BUSY_MIN_CLOSE = 10;
/**
 * Adaptive: background flush interval (timers only run while thawed).
 *
 * @example
 * setTimeout(backgroundFlush, ADAPTIVE_BACKGROUND_INTERVAL_MS).unref();
 */
export const ADAPTIVE_BACKGROUND_INTERVAL_MS = 1_000;
/**
 * Adaptive: a busy function whose oldest queued record is this old is
 * falling behind (the destination is slower than the function logs, and
 * background flushes only run while the environment is thawed): it flushes
 * before /next again until it catches up, rather than letting the backlog
 * grow until SHUTDOWN cannot send it.
 *
 * @example
 * const behind = nowMs - queue.oldestEnqueuedMs >= ADAPTIVE_MAX_BACKLOG_MS;
 */
export const ADAPTIVE_MAX_BACKLOG_MS = 5_000;

/**
 * Adaptive: a busy function with this many estimated bytes queued (about
 * 2,000 log lines of 100 bytes; one request for most destinations) logs
 * faster than background flushes ship while it is thawed: it flushes before
 * /next until the backlog is sent. Otherwise the backlog would only grow,
 * in memory and towards a SHUTDOWN that cannot send it.
 *
 * @example
 * const behind = queue.bytes >= ADAPTIVE_MAX_BACKLOG_BYTES;
 */
export const ADAPTIVE_MAX_BACKLOG_BYTES = 1_048_576;

/**
 * Adaptive: a busy function whose backlog needs batches that take the
 * destination this long in all (at the last batch's time) has more queued
 * than SHUTDOWN's last flush (about 1.5 s) could send: it flushes before
 * /next until the backlog is sent.
 *
 * @example
 * const behind = flusher.backlogMs() >= ADAPTIVE_MAX_BACKLOG_SEND_MS;
 */
export const ADAPTIVE_MAX_BACKLOG_SEND_MS = 1_000;

/**
 * Parses `LOGDRAIN_FLUSH`, case-insensitively; undefined when malformed.
 *
 * @example
 * parseFlushPolicy('periodic:5000'); // → { kind: 'periodic', intervalMs: 5000 }
 */
export function parseFlushPolicy(text: string): FlushPolicySpec | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'adaptive') return { kind: 'adaptive' };
  if (value === 'end') return { kind: 'end' };
  const match = /^(periodic|continuous):(\d+)$/.exec(value);
  if (!match) return undefined;
  const intervalMs = Number(match[2]);
  if (
    intervalMs < FLUSH_INTERVAL_MIN_MS ||
    intervalMs > FLUSH_INTERVAL_MAX_MS
  ) {
    return undefined;
  }
  return {
    kind: match[1] === 'periodic' ? 'periodic' : 'continuous',
    intervalMs,
  };
}

/**
 * The decisions the invoke loop asks for; pure, driven by the caller.
 *
 * @example
 * const policy: FlushPolicy = createFlushPolicy({ kind: 'end' });
 */
export interface FlushPolicy {
  /** Records an INVOKE (call it before the other questions). */
  onInvoke(requestId: string, nowMs: number): void;
  /** Wait for this invoke's platform.runtimeDone before calling /next? */
  shouldWaitForRuntimeDone(): boolean;
  /**
   * Flush (and wait for it) before calling /next? `queuedBytes` is the
   * queue's estimated size (0 when not given); `backlogMs` how long sending
   * the backlog would take the destination (see Flusher.backlogMs).
   */
  shouldFlushBeforeNext(
    queueOldestMs: number | undefined,
    nowMs: number,
    queuedBytes?: number,
    backlogMs?: number
  ): boolean;
  /** Interval of the background flush timer; undefined: no timer. */
  backgroundIntervalMs(): number | undefined;
  /** Should the background timer start a flush now? */
  shouldFlushInBackground(
    queueOldestMs: number | undefined,
    nowMs: number
  ): boolean;
  /** For logs: `cold`, `sporadic` or `busy` (adaptive), else the kind. */
  readonly state: string;
}

/**
 * Creates the flush decisions for a policy.
 *
 * - `adaptive`: the first invoke (cold start) and sporadic functions wait
 *   for the invoke's platform.runtimeDone and flush before /next, so logs do
 *   not sit in a frozen environment. A function is busy when at least 10 of
 *   the last 20 gaps between invoke starts were under 2 s: it then calls
 *   /next at once (post-runtime time near zero) and its logs leave in the
 *   background, i.e. during the following invoke or at SHUTDOWN. A
 *   background flush runs every second while the environment is thawed. A
 *   busy function that falls behind (oldest queued record 5 s old, 1 MiB
 *   queued, or a backlog the destination needs 1 s to take) flushes before /next again until it has caught up.
 * - `end`: wait for runtimeDone and flush before every /next.
 * - `periodic:<ms>`: flush before /next (and in the background) when the
 *   oldest queued record is older than ms.
 * - `continuous:<ms>`: never block /next; flush every ms in the background.
 *
 * @example
 * const policy = createFlushPolicy({ kind: 'adaptive' });
 * policy.onInvoke('8f507cfc', Date.now());
 * policy.shouldWaitForRuntimeDone(); // → true (cold start)
 */
export function createFlushPolicy(spec: FlushPolicySpec): FlushPolicy {
  let invokes = 0;
  let lastInvokeMs: number | undefined;
  const gaps: boolean[] = [];

  const busy = (): boolean =>
    invokes > 1 && gaps.filter(Boolean).length >= ADAPTIVE_BUSY_MIN_CLOSE;
  const oldEnough = (oldestMs: number | undefined, nowMs: number): boolean =>
    spec.kind === 'periodic' &&
    oldestMs !== undefined &&
    nowMs - oldestMs >= spec.intervalMs;

  return {
    onInvoke(_requestId, nowMs) {
      invokes += 1;
      if (lastInvokeMs !== undefined) {
        gaps.push(nowMs - lastInvokeMs < ADAPTIVE_BUSY_GAP_MS);
        if (gaps.length > ADAPTIVE_WINDOW) gaps.shift();
      }
      lastInvokeMs = nowMs;
    },
    shouldWaitForRuntimeDone() {
      if (spec.kind === 'end') return true;
      return spec.kind === 'adaptive' && !busy();
    },
    shouldFlushBeforeNext(
      queueOldestMs,
      nowMs,
      queuedBytes = 0,
      backlogMs = 0
    ) {
      switch (spec.kind) {
        case 'adaptive':
          return (
            !busy() ||
            queuedBytes >= ADAPTIVE_MAX_BACKLOG_BYTES ||
            backlogMs >= ADAPTIVE_MAX_BACKLOG_SEND_MS ||
            (queueOldestMs !== undefined &&
              nowMs - queueOldestMs >= ADAPTIVE_MAX_BACKLOG_MS)
          );
        case 'end':
          return true;
        case 'periodic':
          return oldEnough(queueOldestMs, nowMs);
        case 'continuous':
          return false;
      }
    },
    backgroundIntervalMs() {
      switch (spec.kind) {
        case 'adaptive':
          return ADAPTIVE_BACKGROUND_INTERVAL_MS;
        case 'end':
          return undefined;
        case 'periodic':
        case 'continuous':
          return spec.intervalMs;
      }
    },
    shouldFlushInBackground(queueOldestMs, nowMs) {
      if (spec.kind === 'periodic') return oldEnough(queueOldestMs, nowMs);
      return spec.kind !== 'end' && queueOldestMs !== undefined;
    },
    get state() {
      if (spec.kind !== 'adaptive') return spec.kind;
      if (invokes <= 1) return 'cold';
      return busy() ? 'busy' : 'sporadic';
    },
  };
}
