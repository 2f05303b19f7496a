import http from 'node:http';
import net from 'node:net';
import type { FreezableScheduler } from './scheduler.js';
import type { Delivery } from './types.js';

/** Where and how one subscriber receives its batches. */
export interface SubscriberOptions {
  name: string;
  /** HTTP POSTs JSON arrays; TCP writes NDJSON without acknowledgement. */
  protocol: 'HTTP' | 'TCP';
  /** Port on 127.0.0.1 (sandbox and sandbox.localdomain map there). */
  port: number;
  path: string;
  hostHeader: string;
  method: 'POST' | 'PUT';
  maxItems: number;
  maxBytes: number;
  timeoutMs: number;
  bufferMaxBytes: number;
  attemptTimeoutMs: number;
  droppedReason: string;
  scheduler: FreezableScheduler;
  phase: () => Delivery['phase'];
  onDelivery: (delivery: Delivery) => void;
}

interface Item {
  event: unknown;
  json: string;
  bytes: number;
  atMs: number;
}

interface Batch {
  parts: Buffer[];
  events: unknown[];
  index: number;
}

const RETRY_BASE_MS = 50;
const RETRY_CAP_MS = 1_000;

/**
 * One subscription's buffer and delivery (spec 4.2, 4.3): batches by
 * maxItems, maxBytes and timeoutMs, one POST in flight, retry with backoff
 * while buffering, drop on overflow and report it with platform.logsDropped.
 */
export class Subscriber {
  readonly name: string;
  #opts: SubscriberOptions;
  #queue: Item[] = [];
  #queueBytes = 0;
  #current: Batch | undefined;
  #inFlight: http.ClientRequest | undefined;
  #attempt = 0;
  #cancelTimer: (() => void) | undefined;
  #pumpQueued = false;
  #flushAll = false;
  #stopped = false;
  #droppedRecords = 0;
  #droppedBytes = 0;
  #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  #idleWaiters: Array<() => void> = [];
  #socket: net.Socket | undefined;
  #busy = false;
  #retryAtMs = 0;

  constructor(opts: SubscriberOptions) {
    this.name = opts.name;
    this.#opts = opts;
  }

  /** True when nothing is buffered or in flight. */
  get idle(): boolean {
    return this.#queue.length === 0 && this.#current === undefined;
  }

  push(event: unknown): void {
    if (this.#stopped) return;
    const json = JSON.stringify(event);
    const bytes = Buffer.byteLength(json);
    if (this.#queueBytes + bytes > this.#opts.bufferMaxBytes) {
      this.#droppedRecords += 1;
      this.#droppedBytes += bytes;
      return;
    }
    this.#queue.push({ event, json, bytes, atMs: Date.now() });
    this.#queueBytes += bytes;
    this.schedulePump();
  }

  /** Shutdown and closed streams: send what is buffered without waiting. */
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
    this.#inFlight?.destroy();
    this.#agent.destroy();
    this.#socket?.destroy();
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
      const ready =
        this.#flushAll ||
        this.#queue.length >= maxItems ||
        this.#queueBytes >= maxBytes ||
        Date.now() >= dueAtMs;
      if (!ready) {
        this.#cancelTimer?.();
        this.#cancelTimer = this.#opts.scheduler.setTimeout(
          () => this.schedulePump(),
          dueAtMs - Date.now()
        );
        return;
      }
      this.#cancelTimer?.();
      this.#current = this.#cut();
    }
    this.#send(this.#current);
  }

  #reportDrops(): void {
    if (this.#droppedRecords === 0) return;
    const event = {
      time: new Date().toISOString(),
      type: 'platform.logsDropped',
      record: {
        droppedBytes: this.#droppedBytes,
        droppedRecords: this.#droppedRecords,
        reason: this.#opts.droppedReason,
      },
    };
    this.#droppedRecords = 0;
    this.#droppedBytes = 0;
    const json = JSON.stringify(event);
    const bytes = Buffer.byteLength(json);
    this.#queue.unshift({ event, json, bytes, atMs: Date.now() });
    this.#queueBytes += bytes;
  }

  /** Takes the next batch; the item that crosses maxBytes stays in it. */
  #cut(): Batch {
    const { maxItems, maxBytes } = this.#opts;
    const first = this.#queue[0] as Item;
    if (this.#opts.protocol === 'TCP') {
      const items = this.#take(Math.min(maxItems, this.#queue.length));
      const body = Buffer.from(items.map((i) => `${i.json}\n`).join(''));
      return { parts: [body], events: items.map((i) => i.event), index: 0 };
    }
    if (first.bytes + 2 > maxBytes) {
      // A record larger than maxBytes travels alone, cut across two POSTs.
      this.#take(1);
      const body = Buffer.from(`[${first.json}]`);
      const cut = utf8Boundary(body, maxBytes);
      return {
        parts: [body.subarray(0, cut), body.subarray(cut)],
        events: [first.event],
        index: 0,
      };
    }
    let count = 0;
    let bytes = 2;
    for (const item of this.#queue) {
      if (count >= maxItems || bytes >= maxBytes) break;
      if (item.bytes + 2 > maxBytes) break;
      count += 1;
      bytes += item.bytes + (count > 1 ? 1 : 0);
    }
    const items = this.#take(count);
    const body = Buffer.from(`[${items.map((i) => i.json).join(',')}]`);
    return { parts: [body], events: items.map((i) => i.event), index: 0 };
  }

  #take(count: number): Item[] {
    const items = this.#queue.splice(0, count);
    for (const item of items) this.#queueBytes -= item.bytes;
    return items;
  }

  #send(batch: Batch): void {
    const body = batch.parts[batch.index] as Buffer;
    const split = batch.parts.length > 1;
    const isLast = batch.index === batch.parts.length - 1;
    const atMs = Date.now();
    const phase = this.#opts.phase();
    let settled = false;
    let cancelTimeout = (): void => undefined;
    this.#busy = true;
    const finish = (status: number | 'error'): void => {
      if (settled) return;
      settled = true;
      cancelTimeout();
      this.#inFlight = undefined;
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
        ...(split ? { part: isLast ? 'last' : 'first' } : {}),
      });
      if (typeof status === 'number' && status >= 200 && status < 300) {
        this.#attempt = 0;
        if (isLast) this.#current = undefined;
        else batch.index += 1;
        this.schedulePump();
        return;
      }
      // Lambda keeps the batch, keeps buffering and retries with backoff.
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
    };
    if (this.#opts.protocol === 'TCP') {
      this.#sendTcp(body, finish);
      return;
    }
    const req = http.request({
      host: '127.0.0.1',
      port: this.#opts.port,
      path: this.#opts.path,
      method: this.#opts.method,
      agent: this.#agent,
      headers: {
        host: this.#opts.hostHeader,
        'content-type': 'application/json',
        'content-length': body.length,
      },
    });
    this.#inFlight = req;
    cancelTimeout = this.#opts.scheduler.setTimeout(
      () => {
        req.destroy(new Error('delivery timed out'));
      },
      this.#opts.attemptTimeoutMs,
      { pauses: true }
    );
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode ?? 0));
      res.on('error', () => finish('error'));
    });
    req.on('error', () => finish('error'));
    req.end(body);
  }

  /** TCP has no acknowledgement: a completed write counts as 200. */
  #sendTcp(body: Buffer, finish: (status: number | 'error') => void): void {
    let socket = this.#socket;
    if (!socket || socket.destroyed) {
      socket = net.connect({ host: '127.0.0.1', port: this.#opts.port });
      // The write callback reports the failure; this keeps it handled.
      socket.on('error', () => socket?.destroy());
      socket.on('close', () => {
        if (this.#socket === socket) this.#socket = undefined;
      });
      this.#socket = socket;
    }
    socket.write(body, (error) => finish(error ? 'error' : 200));
  }
}

/** The largest cut <= maxBytes that does not split a UTF-8 character. */
function utf8Boundary(body: Buffer, maxBytes: number): number {
  let cut = Math.min(maxBytes, body.length - 1);
  while (cut > 1 && ((body[cut] as number) & 0xc0) === 0x80) cut -= 1;
  return cut;
}
