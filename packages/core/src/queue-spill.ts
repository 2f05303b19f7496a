import type { LogEvent } from './log-event.js';
import type { Logger } from './logger.js';
import type { LossStats } from './loss-stats.js';
import { removeStaleSpillFiles } from './spill-cleanup.js';
import { SpillFile, type SpillRecord } from './spill-file.js';

/**
 * The queue's disk tier: a {@link SpillFile} that logs its first use, writes
 * what a turn of the event loop spilled at the turn's end, and on any disk
 * error counts what it held as dropped and turns itself off for good.
 *
 * @example
 * const disk = createQueueSpill({ dir: '/tmp/logdrain', maxBytes: 128 * 1024 * 1024, memoryMaxBytes, stats, log });
 * if (!disk.append(event, Date.now(), (record) => memory.push(record.event))) memory.push(event);
 */
export interface QueueSpill {
  /** Records on disk. */
  readonly count: number;
  /** NDJSON bytes on disk. */
  readonly bytes: number;
  /**
   * Spills `event` behind everything on disk; false when it is not taken
   * (spilling off or failed, or the line is larger than the whole cap). While
   * the spill is full, its oldest records go to `evict` first.
   */
  append(
    event: LogEvent,
    enqueuedMs: number,
    evict: (record: SpillRecord) => void
  ): boolean;
  /** The oldest record; undefined when empty or when reading it failed. */
  shift(): SpillRecord | undefined;
  /** Deletes the spill files; a failure is logged. */
  close(): void;
}

/**
 * Makes a {@link QueueSpill}; `maxBytes` 0 makes one that takes nothing.
 * Spill files an earlier run left in `dir` are deleted first.
 *
 * @example
 * const disk = createQueueSpill({ dir: '/tmp/logdrain', maxBytes: 0, memoryMaxBytes: 1024, stats, log });
 */
export function createQueueSpill(opts: {
  dir: string;
  maxBytes: number;
  memoryMaxBytes: number;
  stats: LossStats;
  log: Logger;
}): QueueSpill {
  const { stats, log } = opts;
  let spill: SpillFile | undefined;
  if (opts.maxBytes > 0) {
    const stale = removeStaleSpillFiles(opts.dir);
    if (stale.files > 0) {
      log.warn('removed spill files an earlier run left behind', stale);
    }
    spill = new SpillFile({ dir: opts.dir, maxBytes: opts.maxBytes });
  }
  let warned = false;
  let writeQueued = false;

  function disable(error: unknown): void {
    const lost = spill?.count ?? 0;
    const lostBytes = spill?.bytes ?? 0;
    try {
      spill?.close();
    } catch {
      // The files may be gone already; nothing more to release.
    }
    spill = undefined;
    stats.droppedQueueFull += lost;
    stats.droppedBytes += lostBytes;
    log.error('spill file failed: spilling disabled', {
      error: error instanceof Error ? error.message : String(error),
      droppedRecords: lost,
    });
  }

  /** Lines spilled during a turn (a telemetry body) reach the disk at its end. */
  function writeSoon(): void {
    if (writeQueued) return;
    writeQueued = true;
    queueMicrotask(() => {
      writeQueued = false;
      try {
        spill?.flush();
      } catch (error) {
        disable(error);
      }
    });
  }

  function warnOnce(): void {
    if (warned) return;
    warned = true;
    log.warn('memory queue full: spilling to disk', {
      dir: opts.dir,
      maxBytes: opts.memoryMaxBytes,
      spillMaxBytes: opts.maxBytes,
    });
  }

  function shift(): SpillRecord | undefined {
    try {
      const record = spill?.shift();
      if (spill?.count === 0) warned = false;
      return record;
    } catch (error) {
      disable(error);
      return undefined;
    }
  }

  function append(
    event: LogEvent,
    enqueuedMs: number,
    evict: (record: SpillRecord) => void
  ): boolean {
    try {
      const line = spill?.serialize(event, enqueuedMs);
      while (spill !== undefined && line !== undefined) {
        if (spill.append(line)) {
          warnOnce();
          writeSoon();
          return true;
        }
        // A line larger than the whole cap goes to memory, behind the rest.
        if (spill.count === 0) return false;
        const oldest = shift();
        if (oldest !== undefined) evict(oldest);
      }
    } catch (error) {
      disable(error);
    }
    return false;
  }

  return {
    get count() {
      return spill?.count ?? 0;
    },
    get bytes() {
      return spill?.bytes ?? 0;
    },
    append,
    shift,
    close() {
      try {
        spill?.close();
      } catch (error) {
        log.warn('could not delete the spill file', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },
  };
}
