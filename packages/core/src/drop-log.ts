import type { Logger } from './logger.js';

/**
 * Repeated queue-full lines are summed up at most this often.
 *
 * @example
 * if (now - lastLineMs < DROP_LOG_INTERVAL_MS) return;
 */
export const DROP_LOG_INTERVAL_MS = 60_000;

/**
 * The queue's error lines about dropped records.
 *
 * @example
 * const drops: DropLog = createDropLog({ log, nowMs: Date.now, fields: {} });
 */
export interface DropLog {
  /** One record was dropped. */
  noteDrop(): void;
  /** At each take: sums up the drops not reported yet, when it is time. */
  summarize(): void;
}

/**
 * Logs the first drop at once and sums up at the next take. Under a lasting
 * overload (drops between every take) that would be two error lines per
 * batch, so later drops are summed up at most once a minute; the shutdown
 * loss line has the totals.
 *
 * @example
 * const drops = createDropLog({ log, nowMs: Date.now, fields: { maxBytes } });
 * drops.noteDrop();
 * drops.summarize();
 */
export function createDropLog(opts: {
  log: Logger;
  nowMs: () => number;
  /** Added to the first line, e.g. the caps. */
  fields: Record<string, unknown>;
}): DropLog {
  const { log, nowMs } = opts;
  let unreported = 0;
  let announced = false;
  let lastLineMs: number | undefined;
  const recent = (now: number): boolean =>
    lastLineMs !== undefined && now - lastLineMs < DROP_LOG_INTERVAL_MS;

  return {
    noteDrop() {
      unreported += 1;
      if (unreported > 1) return;
      const now = nowMs();
      if (recent(now)) return;
      log.error('queue full: dropping the oldest records', opts.fields);
      announced = true;
      lastLineMs = now;
    },
    summarize() {
      if (unreported === 0) return;
      const now = nowMs();
      if (!announced && recent(now)) return;
      // Announced with a single drop: that line said it all.
      if (!announced || unreported > 1) {
        log.error('queue was full: dropped the oldest records', {
          droppedRecords: unreported,
        });
        lastLineMs = now;
      }
      unreported = 0;
      announced = false;
    },
  };
}
