import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCircuitBreaker } from '../src/circuit-breaker.js';
import type { SendOutcome } from '../src/destination.js';
import { createFlusher } from '../src/flusher.js';
import { createLossStats } from '../src/loss-stats.js';
import { createQueue } from '../src/queue.js';
import { MIN_ATTEMPT_MS } from '../src/retry-timing.js';
import { createSender, type Sender } from '../src/sender.js';
import { createRecordingLogger, makeEvent } from './event-helpers.js';
import { createFakeDestination } from './fake-destination.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdrain-flusher-test-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const LIMITS = { maxBatchBytes: 1_000_000, maxBatchItems: 3 };

function setup(
  replies: Parameters<typeof createFakeDestination>[0] = [],
  opts: {
    circuit?: ReturnType<typeof createCircuitBreaker>;
    nowMs?: () => number;
    /** An injected clock for sender and flusher; sleeping advances it. */
    clock?: { now: number };
  } = {}
) {
  const { clock } = opts;
  const sleeps: number[] = [];
  const nowMs = clock ? () => clock.now : opts.nowMs;
  const stats = createLossStats();
  const log = createRecordingLogger();
  const destination = createFakeDestination(replies, LIMITS);
  const queue = createQueue({
    maxBytes: 1_000_000,
    spillMaxBytes: 0,
    spillDir: dir,
    stats,
    log,
  });
  const sender = createSender({
    destination,
    log,
    stats,
    circuit: opts.circuit,
    maxAttempts: 1,
    nowMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      if (clock) clock.now += ms;
    },
  });
  const flusher = createFlusher({
    queue,
    sender,
    limits: LIMITS,
    log,
    nowMs,
  });
  const fill = (count: number) => {
    for (let i = 0; i < count; i++) queue.push(makeEvent(`line ${i}`));
  };
  return { stats, log, destination, queue, sender, flusher, fill, sleeps };
}

const far = () => Date.now() + 60_000;

describe('createFlusher', () => {
  it('sends everything in batches cut to the limits', async () => {
    const { destination, flusher, fill, stats } = setup();
    fill(7);

    const result = await flusher.flush({ deadlineMs: far() });

    expect(result).toEqual({ sent: 7, remaining: 0 });
    expect(destination.calls.map((c) => c.batch.length)).toEqual([3, 3, 1]);
    expect(stats.delivered).toBe(7);
  });

  it('counts what it sent, and takes fewer items when a full batch would not be answered in time', async () => {
    const clock = { now: 1_000_000 };
    // Each batch takes 100 ms per record on the injected clock.
    const slow = async (batch: readonly unknown[]): Promise<SendOutcome> => {
      clock.now += 100 * batch.length;
      return { status: 'delivered' };
    };
    const { destination, flusher, fill } = setup(Array(9).fill(slow), {
      clock,
    });
    fill(6);

    await flusher.flush({ deadlineMs: clock.now + 60_000 });
    fill(3);
    // 0.01 records/ms × 250 ms, then 150 ms, × 70 %: one record each.
    const last = await flusher.flush({ deadlineMs: clock.now + 250 });

    expect(destination.calls.map((c) => c.batch.length)).toEqual([3, 3, 1, 1]);
    expect(last).toEqual({ sent: 2, remaining: 1 });
    expect(flusher.sentTotal).toBe(8);
    // The rate comes from the first batch: the only one the limits cut.
    expect(flusher.lastBatch).toEqual({ events: 3, ms: 300 });
    fill(6);
    // 7 queued: 3 batches of 3, 2 beyond the next one, 300 ms each.
    expect(flusher.backlogMs()).toBe(600);
  });

  it('times only full batches that no /event/next overlapped', async () => {
    const clock = { now: 1_000_000 };
    let onSend: () => void = () => {};
    const timed = async (batch: readonly unknown[]): Promise<SendOutcome> => {
      onSend();
      clock.now += 10 * batch.length;
      return { status: 'delivered' };
    };
    const { flusher, fill } = setup(Array(9).fill(timed), { clock });

    fill(2);
    await flusher.flush({ deadlineMs: clock.now + 60_000 });
    // Two records: not a full batch, mostly round trip.
    expect(flusher.lastBatch).toBeUndefined();

    // The environment froze for a minute while the first batch was out.
    onSend = () => {
      onSend = () => {};
      flusher.noteNext();
      clock.now += 60_000;
    };
    fill(7);
    await flusher.flush({ deadlineMs: clock.now + 120_000 });
    expect(flusher.lastBatch).toEqual({ events: 3, ms: 30 });
  });

  it('puts an unsent batch back at the front and stops', async () => {
    const { destination, flusher, fill, queue } = setup([
      { status: 'delivered' },
      { status: 'retry', reason: '503' },
    ]);
    fill(7);

    const result = await flusher.flush({ deadlineMs: far() });

    expect(result).toEqual({ sent: 3, remaining: 4 });
    expect(destination.calls).toHaveLength(2);
    // The unsent batch comes out again as it was, then the rest.
    const wide = { maxBatchBytes: 1e9, maxBatchItems: 100 };
    expect(queue.take(wide).map((e) => e.message)).toEqual([
      'line 3',
      'line 4',
      'line 5',
    ]);
    expect(queue.take(wide).map((e) => e.message)).toEqual(['line 6']);
  });

  it('sends nothing once the deadline has passed', async () => {
    const { destination, flusher, fill } = setup();
    fill(2);

    const result = await flusher.flush({ deadlineMs: Date.now() - 1 });

    expect(result).toEqual({ sent: 0, remaining: 2 });
    expect(destination.calls).toHaveLength(0);
  });

  it('does nothing while the circuit is open, unless final', async () => {
    const circuit = createCircuitBreaker({ failureThreshold: 1 });
    circuit.onFailure();
    const { destination, flusher, fill } = setup([], { circuit });
    fill(4);

    const skipped = await flusher.flush({ deadlineMs: far() });
    const final = await flusher.flush({ deadlineMs: far(), final: true });

    expect(skipped).toEqual({ sent: 0, remaining: 4 });
    expect(final).toEqual({ sent: 4, remaining: 0 });
    expect(destination.calls).toHaveLength(2);
  });

  it('runs one flush at a time; a second call waits and continues', async () => {
    let release: (outcome: SendOutcome) => void = () => undefined;
    const { destination, flusher, fill, queue } = setup([
      () =>
        new Promise<SendOutcome>((resolve) => {
          release = resolve;
        }),
    ]);
    fill(3);

    const first = flusher.flush({ deadlineMs: far() });
    await vi.waitFor(() => expect(destination.calls).toHaveLength(1));
    fill(2);
    const second = flusher.flush({ deadlineMs: far() });
    const idleWhileRunning = flusher.idle;
    release({ status: 'delivered' });
    const results = await Promise.all([first, second]);

    expect(idleWhileRunning).toBe(false);
    expect(destination.maxInFlight).toBe(1);
    expect(results.map((r) => r.sent).reduce((a, b) => a + b)).toBe(5);
    expect(queue.length).toBe(0);
    expect(flusher.idle).toBe(true);
  });

  it('returns when its deadline passes while waiting for another flush', async () => {
    vi.useFakeTimers();
    const { destination, flusher, fill } = setup(
      [() => new Promise<SendOutcome>(() => undefined)],
      { nowMs: Date.now }
    );
    fill(3);
    void flusher.flush({ deadlineMs: Date.now() + 60_000 });
    await vi.waitFor(() => expect(destination.calls).toHaveLength(1));

    const waiting = flusher.flush({ deadlineMs: Date.now() + 500 });
    await vi.advanceTimersByTimeAsync(500);

    expect(await waiting).toEqual({ sent: 0, remaining: 0 });
  });

  it('skips non-final flushes until a Retry-After passes; a final flush waits for it', async () => {
    const clock = { now: 50_000 };
    const { destination, flusher, fill, sleeps } = setup(
      [{ status: 'retry', reason: 'HTTP 429', retryAfterMs: 2_000 }],
      { clock }
    );
    fill(3);

    const refused = await flusher.flush({ deadlineMs: 60_000 });
    clock.now = 51_000;
    const skipped = await flusher.flush({ deadlineMs: 60_000 });
    const final = await flusher.flush({ deadlineMs: 55_000, final: true });

    expect(refused).toEqual({ sent: 0, remaining: 3 });
    expect(skipped).toEqual({ sent: 0, remaining: 3 });
    expect(final).toEqual({ sent: 3, remaining: 0 });
    expect(destination.calls).toHaveLength(2);
    expect(sleeps).toEqual([1_000]);
    expect(clock.now).toBe(52_000);
  });

  it('takes no batch with less than MIN_ATTEMPT_MS left', async () => {
    const clock = { now: 50_000 };
    const { destination, flusher, fill, queue } = setup(
      [
        async () => {
          clock.now = 51_000 - MIN_ATTEMPT_MS + 1;
          return { status: 'delivered' };
        },
      ],
      { clock }
    );
    fill(7);

    const result = await flusher.flush({ deadlineMs: 51_000 });

    expect(result).toEqual({ sent: 3, remaining: 4 });
    expect(destination.calls).toHaveLength(1);
    expect(queue.length).toBe(4);
  });

  it('keeps the batch when the sender throws', async () => {
    const { flusher, fill, queue, log } = setup();
    fill(2);
    const throwing: Sender = {
      canSend: () => true,
      deliver: () => Promise.reject(new Error('bug')),
    };
    const broken = createFlusher({
      queue,
      sender: throwing,
      limits: LIMITS,
      log,
    });

    const result = await broken.flush({ deadlineMs: far() });

    expect(result).toEqual({ sent: 0, remaining: 2 });
    expect(log.entries.map((e) => e.msg)).toEqual(['flush failed']);
    expect((await flusher.flush({ deadlineMs: far() })).sent).toBe(2);
  });
});

describe('createFlusher: cutting short', () => {
  const messages = (events: readonly { message: string }[]) =>
    events.map((e) => e.message);

  it('aborts a flush stuck on a hanging attempt; the batch goes back to the front in order and the final flush sends everything', async () => {
    const { destination, flusher, fill, queue } = setup([
      () => new Promise<SendOutcome>(() => undefined),
    ]);
    fill(5);
    const background = flusher.flush({ deadlineMs: far() });
    await vi.waitFor(() => expect(destination.calls).toHaveLength(1));
    queue.push(makeEvent('line 5'));

    flusher.abortRunning();
    const cut = await background;
    const wide = { maxBatchBytes: 1e9, maxBatchItems: 100 };
    const order = [
      ...messages(queue.take(wide)),
      ...messages(queue.take(wide)),
    ];
    for (const message of order) queue.push(makeEvent(message));
    const final = await flusher.flush({ deadlineMs: far(), final: true });

    expect(cut).toEqual({ sent: 0, remaining: 6 });
    expect(destination.calls[0]?.ctx.signal.aborted).toBe(true);
    expect(order).toEqual([
      'line 0',
      'line 1',
      'line 2',
      'line 3',
      'line 4',
      'line 5',
    ]);
    expect(final).toEqual({ sent: 6, remaining: 0 });
    expect(destination.calls.slice(1).map((c) => messages(c.batch))).toEqual([
      ['line 0', 'line 1', 'line 2'],
      ['line 3', 'line 4', 'line 5'],
    ]);
  });

  it('lets a final flush run right after it aborted the running one', async () => {
    const { destination, flusher, fill } = setup([
      () => new Promise<SendOutcome>(() => undefined),
    ]);
    fill(4);
    const background = flusher.flush({ deadlineMs: far() });
    await vi.waitFor(() => expect(destination.calls).toHaveLength(1));
    const waiting = flusher.flush({ deadlineMs: far() });

    flusher.abortRunning();
    const final = await flusher.flush({ deadlineMs: far(), final: true });

    expect(await background).toEqual({ sent: 0, remaining: 4 });
    // It gave up while the first batch (3 events) was still out.
    expect(await waiting).toEqual({ sent: 0, remaining: 1 });
    expect(final).toEqual({ sent: 4, remaining: 0 });
    expect(destination.calls).toHaveLength(3);
    expect(flusher.idle).toBe(true);
  });

  it('does not cut short a final flush, nor flushes started after abortRunning', async () => {
    let release: (outcome: SendOutcome) => void = () => undefined;
    const { destination, flusher, fill } = setup([
      () =>
        new Promise<SendOutcome>((resolve) => {
          release = resolve;
        }),
    ]);
    fill(2);
    const final = flusher.flush({ deadlineMs: far(), final: true });
    await vi.waitFor(() => expect(destination.calls).toHaveLength(1));

    flusher.abortRunning();
    release({ status: 'delivered' });
    const finalResult = await final;
    fill(1);
    const later = await flusher.flush({ deadlineMs: far() });

    expect(finalResult).toEqual({ sent: 2, remaining: 0 });
    expect(later).toEqual({ sent: 1, remaining: 0 });
    expect(destination.calls[0]?.ctx.signal.aborted).toBe(false);
  });

  it('stops when its own signal aborts, waiting or sending', async () => {
    const { destination, flusher, fill } = setup([
      () => new Promise<SendOutcome>(() => undefined),
    ]);
    fill(2);
    const controller = new AbortController();
    const first = flusher.flush({
      deadlineMs: far(),
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(destination.calls).toHaveLength(1));
    const waiting = flusher.flush({
      deadlineMs: far(),
      signal: controller.signal,
    });

    controller.abort();

    expect(await first).toEqual({ sent: 0, remaining: 2 });
    // It gave up while the batch was still out.
    expect(await waiting).toEqual({ sent: 0, remaining: 0 });
    expect(
      await flusher.flush({ deadlineMs: far(), signal: AbortSignal.abort() })
    ).toEqual({ sent: 0, remaining: 2 });
    expect(destination.calls).toHaveLength(1);
  });
});
