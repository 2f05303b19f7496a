import {
  type Batch,
  batchLength,
  makeBatch,
  type QueuedEvent,
} from './batch.js';
import type { FreezableScheduler } from './scheduler.js';
import { count, countOne } from './subscription-stats.js';
import { Transport, type TransportTarget } from './transport.js';
import type { Delivery, SubscriptionStats } from './types.js';

/** How one subscriber is batched and delivered to. */
export interface SubscriberOptions extends TransportTarget {
  name: string;
  maxItems: number;
  maxBytes: number;
  timeoutMs: number;
  bufferMaxBytes: number;
  attemptTimeoutMs: number;
  droppedReason: string;
  scheduler: FreezableScheduler;
  phase: () => Delivery['phase'];
  onDelivery: (delivery: Delivery) => void;
  /** True while delivery is held (the sandbox's pauseDelivery). */
  isPaused?: () => boolean;
  /** Counters of received, delivered, dropped and buffered records. */
  stats?: SubscriptionStats;
}

const RETRY_BASE_MS = 50;
const RETRY_CAP_MS = 1_000;

/**
 * One subscription's buffer and delivery (spec 4.2, 4.3): batches by
 * maxItems, maxBytes and timeoutMs, one POST in flight, retry with backoff
 * while buffering, drop on overflow and report it with platform.logsDropped.
 * Nothing starts while the scheduler is frozen.
 */
export class Subscriber {
  readonly name: string;
  #opts: SubscriberOptions;
  #transport: Transport;
  #queue: QueuedEvent[] = [];
  #queueBytes = 0;
  #current: Batch | undefined;
  #busy = false;
  #attempt = 0;
  #retryAtMs = 0;
  #cancelTimer: (() => void) | undefined;
  #pumpQueued = false;
  #flushAll = false;
  #stopped = false;
  #dropped = { records: 0, bytes: 0 };
  #idleWaiters: Array<() => void> = [];

  constructor(opts: SubscriberOptions) {
    this.name = opts.name;
    this.#opts = opts;
    this.#transport = new Transport(opts);
  }

  /** True when nothing is buffered or in flight. */
  get idle(): boolean {
    return this.#queue.length === 0 && this.#current === undefined;
  }

  push(event: unknown): void {
    if (this.#stopped) return;
    const json = JSON.stringify(event);
    const bytes = Buffer.byteLength(json);
    countOne(this.#opts.stats, 'received', event);
    if (this.#queueBytes + bytes > this.#opts.bufferMaxBytes) {
      this.#dropped.records += 1;
      this.#dropped.bytes += bytes;
      countOne(this.#opts.stats, 'dropped', event);
      return;
    }
    this.#queue.push({ event, json, bytes, atMs: Date.now() });
    this.#queueBytes += bytes;
    this.schedulePump();
  }

  /** Shutdown: send what is buffered without waiting for timeoutMs. */
  flushAll(): void {
    this.#flushAll = true;
    this.schedulePump();
  }

  /** Resolves when the buffer is empty and nothing is in flight. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((done) => this.#idleWaiters.push(done));
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#transport.close();
    for (const done of this.#idleWaiters.splice(0)) done();
  }

  /** Runs the pump on a later turn, so a freeze in this turn wins. */
  schedulePump(): void {
    if (this.#pumpQueued || this.#stopped) return;
    this.#pumpQueued = true;
    setImmediate(() => {
      this.#pumpQueued = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#stopped || this.#busy || this.#opts.scheduler.frozen) return;
    if (this.#opts.isPaused?.()) return;
    if (Date.now() < this.#retryAtMs) return;
    if (this.#current === undefined) {
      this.#reportDrops();
      const first = this.#queue[0];
      if (first === undefined) {
        for (const done of this.#idleWaiters.splice(0)) done();
        return;
      }
      const { maxItems, maxBytes, timeoutMs } = this.#opts;
      const dueAtMs = first.atMs + timeoutMs;
      this.#cancelTimer?.();
      const ready =
        this.#flushAll ||
        this.#queue.length >= maxItems ||
        this.#queueBytes >= maxBytes ||
        Date.now() >= dueAtMs;
      if (!ready) {
        this.#cancelTimer = this.#opts.scheduler.setTimeout(
          () => this.schedulePump(),
          dueAtMs - Date.now()
        );
        return;
      }
      const items = this.#queue.splice(0, batchLength(this.#queue, this.#opts));
      for (const item of items) this.#queueBytes -= item.bytes;
      this.#current = makeBatch(items, this.#opts);
    }
    this.#send(this.#current);
  }

  #reportDrops(): void {
    if (this.#dropped.records === 0) return;
    const event = {
      time: new Date().toISOString(),
      type: 'platform.logsDropped',
      record: {
        droppedBytes: this.#dropped.bytes,
        droppedRecords: this.#dropped.records,
        reason: this.#opts.droppedReason,
      },
    };
    this.#dropped = { records: 0, bytes: 0 };
    const json = JSON.stringify(event);
    const bytes = Buffer.byteLength(json);
    countOne(this.#opts.stats, 'received', event);
    this.#queue.unshift({ event, json, bytes, atMs: Date.now() });
    this.#queueBytes += bytes;
  }

  #send(batch: Batch): void {
    const body = batch.parts[batch.index] as Buffer;
    const isLast = batch.index === batch.parts.length - 1;
    const atMs = Date.now();
    const phase = this.#opts.phase();
    this.#busy = true;
    let settled = false;
    // Frozen time does not count against the attempt.
    const cancelTimeout = this.#opts.scheduler.setTimeout(
      () => this.#transport.abort(),
      this.#opts.attemptTimeoutMs,
      { pauses: true }
    );
    this.#transport.send(body, (status) => {
      if (settled) return;
      settled = true;
      cancelTimeout();
      this.#busy = false;
      if (this.#stopped) return;
      this.#opts.onDelivery({
        subscriber: this.name,
        atMs,
        phase,
        events: isLast ? batch.events : [],
        status,
        bytes: body.length,
        path: this.#opts.path,
        ...(batch.parts.length > 1 ? { part: isLast ? 'last' : 'first' } : {}),
      });
      if (typeof status === 'number' && status >= 200 && status < 300) {
        this.#attempt = 0;
        if (isLast) {
          count(this.#opts.stats, 'delivered', batch.events);
          this.#current = undefined;
        } else {
          batch.index += 1;
        }
        this.schedulePump();
      } else {
        this.#retryLater();
      }
    });
  }

  /** Lambda keeps the batch, keeps buffering and retries with backoff. */
  #retryLater(): void {
    this.#attempt += 1;
    const delayMs = Math.min(
      RETRY_CAP_MS,
      RETRY_BASE_MS * 2 ** (this.#attempt - 1)
    );
    this.#retryAtMs = Date.now() + delayMs;
    this.#cancelTimer?.();
    this.#cancelTimer = this.#opts.scheduler.setTimeout(() => {
      this.#retryAtMs = 0;
      this.schedulePump();
    }, delayMs);
  }
}
