import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Destination, SendContext } from '../src/destination.js';
import { createFlusher } from '../src/flusher.js';
import { createLossStats } from '../src/loss-stats.js';
import {
  BACKLOG_TARGET_MS,
  END_FLUSH_MAX_MS,
  holdNextForFlush,
} from '../src/next-hold.js';
import { createQueue } from '../src/queue.js';
import { createSender } from '../src/sender.js';
import { createRecordingLogger, makeEvent } from './event-helpers.js';

/** A destination taking `batchMs` per batch of 10, or never answering. */
function setup(batchMs: number | 'hang') {
  const stats = createLossStats();
  const log = createRecordingLogger();
  const signals: AbortSignal[] = [];
  let delivered = 0;
  const destination: Destination = {
    name: 'slow',
    limits: { maxBatchBytes: 1_000_000, maxBatchItems: 10 },
    send(batch, ctx: SendContext) {
      signals.push(ctx.signal);
      if (batchMs === 'hang') return new Promise(() => undefined);
      return new Promise((resolve) =>
        setTimeout(() => {
          delivered += batch.length;
          resolve({ status: 'delivered' });
        }, batchMs)
      );
    },
  };
  const queue = createQueue({
    maxBytes: 1_000_000,
    spillMaxBytes: 0,
    spillDir: tmpdir(),
    stats,
    log,
  });
  const flusher = createFlusher({
    queue,
    sender: createSender({ destination, log, stats }),
    limits: destination.limits,
    log,
  });
  for (let n = 0; n < 200; n++) queue.push(makeEvent(`line ${n}`));
  const hold = (boundMs = Date.now() + 10_000) =>
    holdNextForFlush({ flusher, queue, log, boundMs, nowMs: Date.now });
  return { queue, flusher, signals, hold, delivered: () => delivered };
}

describe('holdNextForFlush', () => {
  it('returns as soon as the queue is empty', async () => {
    const ctx = setup(5);

    const held = await ctx.hold();

    expect(held.sent).toBe(200);
    expect(held.remaining).toBe(0);
    expect(held.heldMs).toBeLessThan(END_FLUSH_MAX_MS);
  });

  it('holds past 1 s while a slow destination makes progress, until the rest could be sent in 500 ms', async () => {
    // 10 records per 100 ms: 200 take 2 s.
    const ctx = setup(100);

    const held = await ctx.hold();
    const rate = held.sent / held.heldMs;

    expect(held.heldMs).toBeGreaterThan(END_FLUSH_MAX_MS);
    // At most one batch of 10 in flight, neither sent nor queued.
    expect(200 - held.sent - held.remaining).toBeLessThanOrEqual(10);
    expect(held.remaining).toBeGreaterThan(0);
    expect(held.remaining).toBeLessThanOrEqual(rate * BACKLOG_TARGET_MS);
    // The flush goes on after /next: nothing was cut short.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ctx.delivered()).toBe(200);
    expect(ctx.signals.filter((signal) => signal.aborted)).toHaveLength(0);
  });

  it('lets /next go after 1 s without progress, and leaves the request in flight', async () => {
    const ctx = setup('hang');

    const held = await ctx.hold();

    expect(held.sent).toBe(0);
    expect(held.heldMs).toBeGreaterThanOrEqual(END_FLUSH_MAX_MS - 20);
    expect(held.heldMs).toBeLessThan(END_FLUSH_MAX_MS + 300);
    expect(ctx.signals).toHaveLength(1);
    expect(ctx.signals[0]?.aborted).toBe(false);
    expect(ctx.flusher.idle).toBe(false);
    ctx.flusher.abortRunning();
  });

  it('never holds past its bound', async () => {
    const ctx = setup(100);

    const held = await ctx.hold(Date.now() + 300);

    expect(held.heldMs).toBeGreaterThanOrEqual(280);
    expect(held.heldMs).toBeLessThan(600);
    expect(held.remaining).toBeGreaterThan(100);
  });
});
