import { estimateEventBytes } from './batcher.js';
import type { DestinationLimits } from './destination.js';
import { createDropLog } from './drop-log.js';
import { EventDeque } from './event-deque.js';
import type { LogEvent } from './log-event.js';
import type { Logger } from './logger.js';
import type { LossStats } from './loss-stats.js';
import { removeStaleSpillFiles } from './spill-cleanup.js';
import { SpillFile } from './spill-file.js';

/**
 * Options of {@link createQueue}.
 *
 * @example
 * const opts: QueueOptions = { maxBytes: 16 * 1024 * 1024, spillMaxBytes: 0, spillDir: '/tmp/logdrain', stats, log };
 */
export interface QueueOptions {
  /** Memory cap, in estimated bytes (see estimateEventBytes). */
  readonly maxBytes: number;
  /** Spill cap on disk, in bytes of NDJSON; 0 disables spilling. */
  readonly spillMaxBytes: number;
  /** Folder for the spill files, e.g. `/tmp/logdrain`. */
  readonly spillDir: string;
  /** `droppedQueueFull` and `droppedBytes` count what the queue drops. */
  readonly stats: LossStats;
  readonly log: Logger;
  readonly nowMs?: () => number;
}

/**
 * The bounded FIFO between pipeline and sender: memory first, then an
 * NDJSON spill file, then dropping the oldest records (counted).
 *
 * @example
 * const queue = createQueue({ maxBytes: 16 * 1024 * 1024, spillMaxBytes: 0, spillDir: '/tmp/logdrain', stats, log });
 * queue.push(event);
 * const batch = queue.take(destination.limits);
 */
export interface EventQueue {
  push(event: LogEvent): void;
  /**
   * Removes the oldest events that fit `limits` (at least one when not
   * empty; an event larger than maxBatchBytes comes alone).
   */
  take(limits: DestinationLimits): LogEvent[];
  /** Puts events back at the front, in their order (a failed send). */
  unshift(events: readonly LogEvent[]): void;
  /** Events in memory and on disk. */
  readonly length: number;
  /** Estimated bytes in memory plus NDJSON bytes on disk. */
  readonly bytes: number;
  /** Events currently in the spill file. */
  readonly spilledLength: number;
  /** When the oldest queued event was queued; undefined when empty. */
  readonly oldestEnqueuedMs: number | undefined;
  /**
   * Calls `listener` after every push (one listener; a later call replaces
   * it, undefined removes it). The invoke loop arms its background timer
   * from here, so that no timer runs while nothing is queued.
   */
  onPush(listener: (() => void) | undefined): void;
  /** Deletes the spill file. Events in memory stay readable. */
  close(): Promise<void>;
}

/**
 * Makes an {@link EventQueue}. `push` never throws and never blocks on the
 * network. When memory is full, events go to the spill file (order kept:
 * while anything is on disk, new events go to disk too, and `take` moves
 * them back into memory); when the spill is full too, or disabled, the
 * OLDEST events are dropped and counted. Disk errors disable spilling (the
 * events on disk are counted as dropped) and are logged once.
 *
 * @example
 * const queue = createQueue({
 *   maxBytes: 16 * 1024 * 1024,
 *   spillMaxBytes: 128 * 1024 * 1024,
 *   spillDir: '/tmp/logdrain',
 *   stats,
 *   log,
 * });
 */
export function createQueue(opts: QueueOptions): EventQueue {
  const { maxBytes, stats, log } = opts;
  const nowMs = opts.nowMs ?? Date.now;
  const memory = new EventDeque();
  let spill: SpillFile | undefined;
  if (opts.spillMaxBytes > 0) {
    const stale = removeStaleSpillFiles(opts.spillDir);
    if (stale.files > 0) {
      log.warn('removed spill files an earlier run left behind', stale);
    }
    spill = new SpillFile({ dir: opts.spillDir, maxBytes: opts.spillMaxBytes });
  }
  let spilling = false;
  let writeQueued = false;
  let pushed: (() => void) | undefined;
  const drops = createDropLog({
    log,
    nowMs,
    fields: { maxBytes, spillMaxBytes: opts.spillMaxBytes },
  });

  const spilled = () => spill?.count ?? 0;

  /** Drops the oldest events in memory until `size` more bytes fit. */
  function makeRoom(size: number): void {
    while (memory.length > 0 && memory.bytes + size > maxBytes) {
      const dropped = memory.dropOldest();
      stats.droppedQueueFull += 1;
      stats.droppedBytes += dropped;
      drops.noteDrop();
    }
  }

  /**
   * Moves the oldest spilled event to the memory tail. `dropToFit` drops the
   * oldest in memory to make room (the spill is full); a refill does not
   * drop and may go one event above maxBytes.
   */
  function moveSpilledToMemory(dropToFit: boolean): void {
    const record = spill?.shift();
    if (record === undefined) return;
    const size = estimateEventBytes(record.event);
    if (dropToFit) makeRoom(size);
    memory.push(record.event, size, record.enqueuedMs);
  }

  function disableSpill(error: unknown): void {
    const lost = spilled();
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

  /** Memory full: spill, or make room by dropping the oldest. */
  function overflow(event: LogEvent, size: number, enqueuedMs: number): void {
    if (spill !== undefined) {
      try {
        const line = spill.serialize(event, enqueuedMs);
        for (;;) {
          if (spill.append(line)) {
            warnSpillingOnce();
            writeSpillSoon();
            return;
          }
          // A line larger than the whole spill cap goes to memory, after
          // everything spilled before it.
          if (spill.count === 0) break;
          // The spill is full: its oldest events move to memory (dropping
          // the oldest there) until the new line fits behind the rest.
          moveSpilledToMemory(true);
        }
      } catch (error) {
        disableSpill(error);
      }
    }
    makeRoom(size);
    memory.push(event, size, enqueuedMs);
  }

  /**
   * Lines spilled during this turn of the event loop (a telemetry body)
   * reach the disk together at its end.
   */
  function writeSpillSoon(): void {
    if (writeQueued) return;
    writeQueued = true;
    queueMicrotask(() => {
      writeQueued = false;
      try {
        spill?.flush();
      } catch (error) {
        disableSpill(error);
      }
    });
  }

  function warnSpillingOnce(): void {
    if (spilling) return;
    spilling = true;
    log.warn('memory queue full: spilling to disk', {
      dir: opts.spillDir,
      maxBytes,
      spillMaxBytes: opts.spillMaxBytes,
    });
  }

  function refill(): void {
    try {
      while (spilled() > 0 && memory.bytes < maxBytes) {
        moveSpilledToMemory(false);
      }
    } catch (error) {
      disableSpill(error);
    }
    if (spilled() === 0) spilling = false;
  }

  return {
    push(event) {
      const size = estimateEventBytes(event);
      const enqueuedMs = nowMs();
      if (
        spilled() === 0 &&
        (memory.bytes + size <= maxBytes || memory.length === 0)
      ) {
        memory.push(event, size, enqueuedMs);
      } else {
        overflow(event, size, enqueuedMs);
      }
      pushed?.();
    },
    onPush(listener) {
      pushed = listener;
    },
    take(limits) {
      drops.summarize();
      refill();
      const batch = memory.take(limits);
      // Keep memory topped up: the spill never holds the oldest events.
      refill();
      return batch;
    },
    unshift(returned) {
      // Failed batches go back as they were, even above maxBytes for a
      // moment: the next push makes room again by spilling or dropping.
      memory.unshift(returned, nowMs());
    },
    get length() {
      return memory.length + spilled();
    },
    get bytes() {
      return memory.bytes + (spill?.bytes ?? 0);
    },
    get spilledLength() {
      return spilled();
    },
    get oldestEnqueuedMs() {
      return memory.oldestEnqueuedMs;
    },
    async close() {
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
