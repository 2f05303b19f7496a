import { tmpdir } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import type {
  Destination,
  SendContext,
  SendOutcome,
} from '../src/destination.js';
import { createFlusher } from '../src/flusher.js';
import { createInvokeTracker } from '../src/invoke-tracker.js';
import type { Listener } from '../src/listener.js';
import type { LogEvent } from '../src/log-event.js';
import { createLossStats } from '../src/loss-stats.js';
import { createQueue } from '../src/queue.js';
import { createSender } from '../src/sender.js';
import { drainOnShutdown } from '../src/shutdown-drain.js';
import {
  createRecordingLogger,
  makeEvent,
  TEST_CONTEXT,
} from './event-helpers.js';

function setup(
  send: (
    ctx: SendContext,
    batch: readonly LogEvent[]
  ) => Promise<SendOutcome> = async () => ({
    status: 'delivered',
  })
) {
  const stats = createLossStats();
  const log = createRecordingLogger();
  const delivered: LogEvent[] = [];
  let closed = false;
  const destination: Destination = {
    name: 'memory',
    limits: { maxBatchBytes: 1_000_000, maxBatchItems: 100 },
    async send(batch, ctx) {
      const outcome = await send(ctx, batch);
      if (outcome.status === 'delivered') delivered.push(...batch);
      return outcome;
    },
    async close() {
      closed = true;
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
    sender: createSender({ destination, log, stats, backoff: () => 10 }),
    limits: destination.limits,
    log,
  });
  const tracker = createInvokeTracker();
  const listener: Listener & { lastBodyAtMs: number | undefined } = {
    host: '127.0.0.1',
    port: 1,
    lastBodyAtMs: undefined,
    close: async () => undefined,
  };
  let pushed = 0;
  const push = (event: LogEvent) => {
    pushed += 1;
    queue.push(event);
  };
  const drain = (reason: string, budgetMs: number) =>
    drainOnShutdown({
      event: {
        eventType: 'SHUTDOWN',
        shutdownReason: reason,
        deadlineMs: Date.now() + budgetMs,
      },
      tracker,
      queue,
      flusher,
      destination,
      listener,
      stats,
      log,
      context: TEST_CONTEXT,
      telemetryActive: true,
      quietMs: 100,
      queuedTotal: () => pushed,
    });
  return {
    stats,
    log,
    delivered,
    tracker,
    listener,
    flusher,
    push,
    drain,
    closed: () => closed,
  };
}

const platform = (type: string, requestId: string) =>
  makeEvent(type, { type, stream: 'platform', requestId, record: {} });

describe('drainOnShutdown', () => {
  it('waits for the last invoke’s runtimeDone and report, then flushes and closes', async () => {
    const ctx = setup();
    ctx.tracker.startInvoke('req-1');
    ctx.push(makeEvent('before'));
    setTimeout(() => {
      ctx.push(platform('platform.runtimeDone', 'req-1'));
      ctx.tracker.observe(platform('platform.runtimeDone', 'req-1'));
    }, 20);
    setTimeout(() => {
      ctx.push(platform('platform.report', 'req-1'));
      ctx.tracker.observe(platform('platform.report', 'req-1'));
    }, 40);
    const startedMs = Date.now();

    await ctx.drain('spindown', 1_700);

    expect(Date.now() - startedMs).toBeLessThan(900);
    expect(ctx.delivered.map((e) => e.type)).toEqual([
      'function',
      'platform.runtimeDone',
      'platform.report',
    ]);
    expect(ctx.stats.unsent).toBe(0);
    expect(ctx.log.entries.filter((e) => e.level === 'error')).toHaveLength(0);
    expect(ctx.closed()).toBe(true);
  });

  it('gives stragglers at most half the time left', async () => {
    const ctx = setup();
    ctx.tracker.startInvoke('req-1');
    const startedMs = Date.now();

    await ctx.drain('spindown', 600);

    const tookMs = Date.now() - startedMs;
    expect(tookMs).toBeGreaterThanOrEqual(295);
    expect(tookMs).toBeLessThan(600);
  });

  it('counts what a hanging destination never took as unsent and ends before the deadline', async () => {
    const ctx = setup(() => new Promise<SendOutcome>(() => undefined));
    ctx.push(makeEvent('a'));
    ctx.push(makeEvent('b'));
    ctx.tracker.observe(platform('platform.initReport', ''));
    const startedMs = Date.now();

    await ctx.drain('spindown', 600);

    expect(Date.now() - startedMs).toBeLessThan(600);
    expect(ctx.stats.unsent).toBe(2);
    expect(
      ctx.log.entries.filter((e) => e.level === 'error').map((e) => e.msg)
    ).toEqual([
      'lost 2 records: 2 records unsent: still queued when the extension stopped',
    ]);
  });

  it('queues one logdrain.shutdown record for the request in flight on a failure', async () => {
    const ctx = setup();
    ctx.tracker.startInvoke('req-0');
    ctx.tracker.startInvoke('req-1');
    ctx.tracker.observe(platform('platform.runtimeDone', 'req-1'));
    ctx.tracker.observe(platform('platform.report', 'req-1'));

    await ctx.drain('failure', 1_000);

    expect(ctx.delivered).toHaveLength(1);
    expect(ctx.delivered[0]).toMatchObject({
      type: 'logdrain.shutdown',
      requestId: 'req-1',
      coldStart: false,
      level: 'ERROR',
    });
    expect(ctx.stats.unsent).toBe(0);
  });

  it('keeps received = filtered + delivered + rejected + dropped + unsent with the synthetic record', async () => {
    const ctx = setup();
    ctx.push(makeEvent('a'));
    ctx.stats.received = 1;
    ctx.tracker.startInvoke('req-1');
    ctx.tracker.observe(platform('platform.runtimeDone', 'req-1'));
    ctx.tracker.observe(platform('platform.report', 'req-1'));

    await ctx.drain('timeout', 1_000);

    const { received, filtered, delivered, rejected, unsent } = ctx.stats;
    const { droppedQueueFull } = ctx.stats;
    expect(delivered).toBe(2);
    expect(received).toBe(
      filtered + delivered + rejected + droppedQueueFull + unsent
    );
  });

  it('writes no synthetic record on spindown', async () => {
    const ctx = setup();
    ctx.tracker.startInvoke('req-1');
    ctx.tracker.observe(platform('platform.runtimeDone', 'req-1'));
    ctx.tracker.observe(platform('platform.report', 'req-1'));

    await ctx.drain('spindown', 1_000);

    expect(ctx.delivered).toHaveLength(0);
  });

  it('waits for a quiet listener when no invoke was ever seen', async () => {
    const ctx = setup();
    ctx.tracker.observe(platform('platform.initReport', ''));
    ctx.listener.lastBodyAtMs = Date.now();
    const startedMs = Date.now();

    await ctx.drain('spindown', 1_700);

    const tookMs = Date.now() - startedMs;
    expect(tookMs).toBeGreaterThanOrEqual(95);
    expect(tookMs).toBeLessThan(800);
  });

  it('cuts short a background flush stuck on a hanging receiver and delivers everything in the final flush before the deadline', async () => {
    let attempts = 0;
    let firstAttemptAborted = false;
    const ctx = setup((sendCtx) => {
      attempts += 1;
      if (attempts > 1) return Promise.resolve({ status: 'delivered' });
      // The receiver hangs; it answers only once the attempt is aborted.
      return new Promise<SendOutcome>((resolve) => {
        sendCtx.signal.addEventListener('abort', () => {
          firstAttemptAborted = true;
          resolve({ status: 'retry', reason: 'aborted' });
        });
      });
    });
    ctx.tracker.observe(platform('platform.initReport', ''));
    ctx.push(makeEvent('a'));
    ctx.push(makeEvent('b'));
    const background = ctx.flusher.flush({ deadlineMs: Date.now() + 5_000 });
    await vi.waitFor(() => expect(attempts).toBe(1));
    ctx.push(makeEvent('c'));
    const deadlineMs = Date.now() + 1_000;

    await ctx.drain('spindown', 1_000);
    const endedMs = Date.now();

    expect(firstAttemptAborted).toBe(true);
    expect(ctx.delivered.map((e) => e.message)).toEqual(['a', 'b', 'c']);
    expect(ctx.stats.unsent).toBe(0);
    expect(ctx.stats.delivered).toBe(3);
    expect(endedMs).toBeLessThan(deadlineMs);
    expect(await background).toEqual({ sent: 0, remaining: 3 });
    expect(ctx.log.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
  it('lets a background request in flight finish before the final flush, so its batch is not sent twice', async () => {
    const sent: string[][] = [];
    let aborted = false;
    const ctx = setup((sendCtx, batch) => {
      sent.push(batch.map((e) => e.message));
      if (sent.length > 1) return Promise.resolve({ status: 'delivered' });
      // The receiver answers 100 ms after SHUTDOWN began, within the grace.
      sendCtx.signal.addEventListener('abort', () => {
        aborted = true;
      });
      return new Promise<SendOutcome>((resolve) =>
        setTimeout(() => resolve({ status: 'delivered' }), 100)
      );
    });
    ctx.tracker.observe(platform('platform.initReport', ''));
    ctx.push(makeEvent('a'));
    ctx.push(makeEvent('b'));
    const background = ctx.flusher.flush({ deadlineMs: Date.now() + 5_000 });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    ctx.push(makeEvent('c'));

    await ctx.drain('spindown', 1_000);

    expect(aborted).toBe(false);
    expect(sent).toEqual([['a', 'b'], ['c']]);
    expect(ctx.stats.delivered).toBe(3);
    expect(ctx.stats.unsent).toBe(0);
    expect(await background).toEqual({ sent: 2, remaining: 1 });
  });
  it('waits twice the last batch’s time for a slow background request, not just 300 ms', async () => {
    const sent: string[][] = [];
    let aborted = false;
    const ctx = setup((sendCtx, batch) => {
      sent.push(batch.map((e) => e.message));
      if (sent.length === 2) {
        sendCtx.signal.addEventListener('abort', () => {
          aborted = true;
        });
      }
      // Every batch takes 400 ms: the one in flight at SHUTDOWN too.
      return new Promise<SendOutcome>((resolve) =>
        setTimeout(() => resolve({ status: 'delivered' }), 400)
      );
    });
    ctx.tracker.observe(platform('platform.initReport', ''));
    ctx.push(makeEvent('a'));
    await ctx.flusher.flush({ deadlineMs: Date.now() + 5_000 });
    ctx.push(makeEvent('b'));
    const background = ctx.flusher.flush({ deadlineMs: Date.now() + 5_000 });
    await vi.waitFor(() => expect(sent).toHaveLength(2));

    await ctx.drain('spindown', 2_000);

    expect(aborted).toBe(false);
    expect(sent).toEqual([['a'], ['b']]);
    expect(ctx.stats.unsent).toBe(0);
    expect(await background).toEqual({ sent: 1, remaining: 0 });
  });
});
