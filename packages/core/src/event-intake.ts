import type { Decoder } from './decode.js';
import type { InvokeTracker } from './invoke-tracker.js';
import type { LogEvent, LogStream } from './log-event.js';
import type { Logger } from './logger.js';
import type { LossStats } from './loss-stats.js';
import type { Pipeline } from './pipeline.js';
import type { EventQueue } from './queue.js';

/**
 * Options of {@link createEventIntake}.
 *
 * @example
 * const onEvents = createEventIntake({ decoder, tracker, pipeline, queue, stats, log, types: ['function'], extensionName });
 */
export interface EventIntakeOptions {
  readonly decoder: Decoder;
  readonly tracker: InvokeTracker;
  readonly pipeline: Pipeline;
  readonly queue: EventQueue;
  readonly stats: LossStats;
  readonly log: Logger;
  /** Streams the user asked for (LOGDRAIN_TYPES). */
  readonly types: readonly LogStream[];
  /** This extension's name: its own log lines are not shipped back. */
  readonly extensionName: string;
  readonly nowMs?: () => number;
}

/** Repeated platform.logsDropped reports are summed up at most this often. */
const DROP_LOG_INTERVAL_MS = 60_000;

/**
 * The listener's `onEvents`: decode each raw event, let the tracker see it,
 * count platform.logsDropped, keep only the streams asked for (platform is
 * always subscribed, because the flush policy and SHUTDOWN wait on
 * platform.runtimeDone and platform.report), drop this extension's own log
 * lines (the `extension` stream would loop them back, spec 4.2), filter and
 * redact, and queue. Never throws; every event ends up counted: received,
 * then queued, filtered or unparseable.
 *
 * @example
 * const onEvents = createEventIntake({ decoder, tracker, pipeline, queue, stats, log, types: ['platform', 'function'], extensionName: 'logdrain-webhook' });
 * await startListener({ host, port: 0, stats, log, onEvents });
 */
export function createEventIntake(
  opts: EventIntakeOptions
): (events: unknown[]) => void {
  const { decoder, tracker, pipeline, queue, stats, log } = opts;
  const nowMs = opts.nowMs ?? Date.now;
  const wanted = new Set(opts.types);
  const ownMarker = `"component":${JSON.stringify(opts.extensionName)}`;
  const ownChildMarker = `"component":${JSON.stringify(`${opts.extensionName}.`).slice(0, -1)}`;
  let lastDropLogMs: number | undefined;
  let dropsSinceLog = 0;
  let warnedBug = false;

  const isOwnLine = (event: LogEvent): boolean => {
    if (event.stream !== 'extension') return false;
    const text =
      typeof event.record === 'string' ? event.record : event.message;
    return text.includes(ownMarker) || text.includes(ownChildMarker);
  };

  const countLogsDropped = (event: LogEvent): void => {
    const record = event.record as { droppedRecords?: unknown } | undefined;
    const dropped = Number(record?.droppedRecords ?? 0);
    if (!Number.isFinite(dropped) || dropped <= 0) return;
    stats.platformDropped += dropped;
    dropsSinceLog += dropped;
    const now = nowMs();
    if (
      lastDropLogMs !== undefined &&
      now - lastDropLogMs < DROP_LOG_INTERVAL_MS
    ) {
      return;
    }
    log.error(
      `Lambda dropped ${dropsSinceLog} records before they reached the extension (platform.logsDropped)`,
      {
        totalDropped: stats.platformDropped,
        reason: (event.record as { reason?: unknown }).reason,
      }
    );
    lastDropLogMs = now;
    dropsSinceLog = 0;
  };

  // Whether the event being handled was counted as received yet.
  let counted = false;
  const handle = (raw: unknown): void => {
    counted = false;
    const event = decoder.decode(raw);
    if (event === undefined) {
      stats.unparseable += 1;
      return;
    }
    stats.received += 1;
    counted = true;
    tracker.observe(event);
    if (event.type === 'platform.logsDropped') countLogsDropped(event);
    if (!wanted.has(event.stream) || isOwnLine(event)) {
      stats.filtered += 1;
      return;
    }
    const kept = pipeline(event);
    if (kept !== undefined) queue.push(kept);
  };

  return (events) => {
    for (const raw of events) {
      try {
        handle(raw);
      } catch (error) {
        // A bug must not lose the rest of the batch, nor go unnoticed. The
        // event counts once, as unparseable: as received it would also be
        // counted unsent at SHUTDOWN (it never reached the queue).
        if (counted) stats.received -= 1;
        stats.unparseable += 1;
        if (!warnedBug) {
          warnedBug = true;
          log.error('handling a telemetry event failed', { error });
        }
      }
    }
  };
}
