import { estimateEventBytes } from './batcher.js';
import type { DestinationLimits } from './destination.js';
import { createDropLog } from './drop-log.js';
import { EventDeque } from './event-deque.js';
import type { LogEvent } from './log-event.js';
import type { Logger } from './logger.js';
import type { LossStats } from './loss-stats.js';
import { createQueueSpill } from './queue-spill.js';
import type { SpillRecord } from './spill-file.js';

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
  const disk = createQueueSpill({
    dir: opts.spillDir,
    maxBytes: opts.spillMaxBytes,
    memoryMaxBytes: maxBytes,
    stats,
    log,
  });
  let pushed: (() => void) | undefined;
  const drops = createDropLog({
    log,
    nowMs,
    fields: { maxBytes, spillMaxBytes: opts.spillMaxBytes },
  });

  /** Drops the oldest events in memory until `size` more bytes fit. */
  function makeRoom(size: number): void {
    while (memory.length > 0 && memory.bytes + size > maxBytes) {
      const dropped = memory.dropOldest();
      stats.droppedQueueFull += 1;
      stats.droppedBytes += dropped;
      drops.noteDrop();
    }
  }

  /** The spill is full: its oldest event moves to memory, dropping there. */
  function evict(record: SpillRecord): void {
    const size = estimateEventBytes(record.event);
    makeRoom(size);
    memory.push(record.event, size, record.enqueuedMs);
  }

  /** Memory full: spill, or make room by dropping the oldest. */
  function overflow(event: LogEvent, size: number, enqueuedMs: number): void {
    if (disk.append(event, enqueuedMs, evict)) return;
    makeRoom(size);
    memory.push(event, size, enqueuedMs);
  }

  /** Moves spilled events to memory while it has room (may pass it by one). */
  function refill(): void {
    while (disk.count > 0 && memory.bytes < maxBytes) {
      const record = disk.shift();
      if (record === undefined) return;
      memory.push(
        record.event,
        estimateEventBytes(record.event),
        record.enqueuedMs
      );
    }
  }

  return {
    push(event) {
      const size = estimateEventBytes(event);
      const enqueuedMs = nowMs();
      if (
        disk.count === 0 &&
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
      return memory.length + disk.count;
    },
    get bytes() {
      return memory.bytes + disk.bytes;
    },
    get spilledLength() {
      return disk.count;
    },
    get oldestEnqueuedMs() {
      return memory.oldestEnqueuedMs;
    },
    async close() {
      disk.close();
    },
  };
}
