import type { LogEvent } from './log-event.js';

/**
 * Remembers which invokes' platform events have arrived.
 *
 * @example
 * const tracker: InvokeTracker = createInvokeTracker();
 */
export interface InvokeTracker {
  /** Feeds every decoded event (before any filtering). */
  observe(event: LogEvent): void;
  /** Records an INVOKE from /event/next. */
  startInvoke(requestId: string): void;
  /** The last INVOKE's request id; undefined before the first. */
  readonly lastRequestId: string | undefined;
  /** The first INVOKE's request id (the cold start). */
  readonly firstRequestId: string | undefined;
  hasRuntimeDone(requestId: string): boolean;
  hasReport(requestId: string): boolean;
  readonly initReportSeen: boolean;
  /**
   * Resolves true as soon as `condition` holds (checked now and after each
   * observed event), or false at `untilMs` (epoch ms).
   */
  waitFor(condition: () => boolean, untilMs: number): Promise<boolean>;
}

/** Request ids kept per kind; older ones are forgotten first. */
const MAX_TRACKED = 256;

/**
 * Tracks platform.runtimeDone, platform.report and platform.initReport by
 * request id (spec 7.2: events of invoke N may arrive during N+1 or at
 * SHUTDOWN, so nothing is assumed about "the current invoke").
 *
 * @example
 * const tracker = createInvokeTracker();
 * tracker.startInvoke(event.requestId);
 * await tracker.waitFor(() => tracker.hasRuntimeDone(event.requestId), event.deadlineMs - 500);
 */
export function createInvokeTracker(
  opts: { nowMs?: () => number } = {}
): InvokeTracker {
  const nowMs = opts.nowMs ?? Date.now;
  const runtimeDone = new Set<string>();
  const reports = new Set<string>();
  const waiters = new Set<() => void>();
  let initReportSeen = false;
  let lastRequestId: string | undefined;
  let firstRequestId: string | undefined;

  const remember = (set: Set<string>, id: string): void => {
    set.add(id);
    if (set.size > MAX_TRACKED) {
      const oldest = set.values().next().value;
      if (oldest !== undefined) set.delete(oldest);
    }
  };

  return {
    observe(event) {
      const id = event.requestId;
      if (event.type === 'platform.runtimeDone' && id)
        remember(runtimeDone, id);
      else if (event.type === 'platform.report' && id) remember(reports, id);
      else if (event.type === 'platform.initReport') initReportSeen = true;
      else return;
      for (const wake of [...waiters]) wake();
    },
    startInvoke(requestId) {
      firstRequestId ??= requestId;
      lastRequestId = requestId;
    },
    get lastRequestId() {
      return lastRequestId;
    },
    get firstRequestId() {
      return firstRequestId;
    },
    hasRuntimeDone: (id) => runtimeDone.has(id),
    hasReport: (id) => reports.has(id),
    get initReportSeen() {
      return initReportSeen;
    },
    waitFor(condition, untilMs) {
      if (condition()) return Promise.resolve(true);
      const delayMs = untilMs - nowMs();
      if (delayMs <= 0) return Promise.resolve(false);
      return new Promise((resolve) => {
        const done = (met: boolean): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(met);
        };
        const wake = (): void => {
          if (condition()) done(true);
        };
        const timer = setTimeout(() => done(condition()), delayMs);
        waiters.add(wake);
      });
    },
  };
}
