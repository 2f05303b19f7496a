import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCircuitBreaker } from '../src/circuit-breaker.js';
import type { Destination } from '../src/destination.js';
import type { LogEvent } from '../src/log-event.js';
import { createLossStats } from '../src/loss-stats.js';
import { MAX_RETRY_AFTER_MS, MIN_ATTEMPT_MS } from '../src/retry-timing.js';
import { ATTEMPT_CUT_SHORT } from '../src/send-attempt.js';
import { createSender, type SenderOptions } from '../src/sender.js';
import { createRecordingLogger, makeEvent } from './event-helpers.js';
import { createFakeDestination } from './fake-destination.js';

const batchOf = (count: number) =>
  Array.from({ length: count }, (_, i) => makeEvent(`line ${i}`));

function setup(
  destination: Destination,
  overrides: Partial<SenderOptions> = {}
) {
  const clock = { now: 10_000 };
  const sleeps: number[] = [];
  // The injected clock's time when each attempt started.
  const startsMs: number[] = [];
  const stats = createLossStats();
  const log = createRecordingLogger();
  const sender = createSender({
    destination: {
      ...destination,
      send(batch, ctx) {
        startsMs.push(clock.now);
        return destination.send(batch, ctx);
      },
    },
    log,
    stats,
    backoff: (attempt) => attempt * 100,
    nowMs: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    ...overrides,
  });
  return {
    sender,
    clock,
    sleeps,
    startsMs,
    stats,
    log,
    deadlineMs: clock.now + 60_000,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createSender: outcomes', () => {
  it('delivers on the first attempt', async () => {
    const destination = createFakeDestination();
    const { sender, stats, sleeps, deadlineMs } = setup(destination);

    const result = await sender.deliver(batchOf(3), { deadlineMs });

    expect(result).toEqual({ delivered: 3, rejected: 0, unsent: [] });
    expect(stats.delivered).toBe(3);
    expect(destination.calls).toHaveLength(1);
    expect(destination.calls[0]?.ctx.attempt).toBe(1);
    expect(destination.calls[0]?.ctx.signal.aborted).toBe(false);
    expect(sleeps).toEqual([]);
  });

  it('retries with backoff and delivers', async () => {
    const destination = createFakeDestination([
      { status: 'retry', reason: '503' },
      { status: 'retry', reason: '503' },
    ]);
    const { sender, stats, sleeps, deadlineMs } = setup(destination);

    const result = await sender.deliver(batchOf(2), { deadlineMs });

    expect(result.delivered).toBe(2);
    expect(sleeps).toEqual([100, 200]);
    expect(destination.calls.map((c) => c.ctx.attempt)).toEqual([1, 2, 3]);
    expect(stats.delivered).toBe(2);
  });

  it('waits Retry-After instead of the backoff', async () => {
    const destination = createFakeDestination([
      { status: 'retry', reason: '429', retryAfterMs: 2_000 },
    ]);
    const { sender, sleeps, deadlineMs } = setup(destination);

    const result = await sender.deliver(batchOf(1), { deadlineMs });

    expect(result.delivered).toBe(1);
    expect(sleeps).toEqual([2_000]);
  });

  it('retries only the remaining records of a partial failure', async () => {
    const batch = batchOf(5);
    const destination = createFakeDestination([
      {
        status: 'retry',
        reason: 'bulk errors',
        remaining: [batch[1], batch[3]] as LogEvent[],
      },
    ]);
    const { sender, stats, deadlineMs } = setup(destination);

    const result = await sender.deliver(batch, { deadlineMs });

    expect(result).toEqual({ delivered: 5, rejected: 0, unsent: [] });
    expect(destination.calls[1]?.batch).toEqual([batch[1], batch[3]]);
    expect(stats.delivered).toBe(5);
  });

  it('counts a rejected batch and logs one warning with the reason', async () => {
    const destination = createFakeDestination([
      { status: 'rejected', reason: '400 bad request' },
    ]);
    const { sender, stats, log, deadlineMs } = setup(destination);

    const result = await sender.deliver(batchOf(4), { deadlineMs });

    expect(result).toEqual({ delivered: 0, rejected: 4, unsent: [] });
    expect(stats.rejected).toBe(4);
    expect(stats.delivered).toBe(0);
    expect(log.entries).toEqual([
      {
        level: 'warn',
        msg: 'destination rejected records',
        fields: { destination: 'fake', records: 4, reason: '400 bad request' },
      },
    ]);
  });

  it('counts only the remaining records of a partial rejection', async () => {
    const batch = batchOf(5);
    const destination = createFakeDestination([
      {
        status: 'rejected',
        reason: 'mapping error',
        remaining: [batch[0]] as LogEvent[],
      },
    ]);
    const { sender, stats, deadlineMs } = setup(destination);

    const result = await sender.deliver(batch, { deadlineMs });

    expect(result).toEqual({ delivered: 4, rejected: 1, unsent: [] });
    expect(stats.delivered).toBe(4);
    expect(stats.rejected).toBe(1);
  });

  it('treats a thrown error as a retry and logs it at error', async () => {
    const destination = createFakeDestination([new Error('boom')]);
    const { sender, log, deadlineMs } = setup(destination);

    const result = await sender.deliver(batchOf(1), { deadlineMs });

    expect(result.delivered).toBe(1);
    expect(
      log.entries.filter((e) => e.level === 'error').map((e) => e.fields?.error)
    ).toEqual(['boom']);
  });

  it('catches a synchronous throw from send', async () => {
    const destination: Destination = {
      name: 'sync-thrower',
      limits: { maxBatchBytes: 1_000, maxBatchItems: 10 },
      send() {
        throw new Error('sync boom');
      },
    };
    const { sender, deadlineMs } = setup(destination, { maxAttempts: 1 });

    const result = await sender.deliver(batchOf(2), { deadlineMs });

    expect(result.unsent).toHaveLength(2);
  });

  it('gives up after maxAttempts and returns the batch as unsent', async () => {
    const destination = createFakeDestination(
      Array.from({ length: 10 }, () => ({
        status: 'retry' as const,
        reason: '503',
      }))
    );
    const batch = batchOf(3);
    const { sender, stats, log, sleeps, deadlineMs } = setup(destination, {
      maxAttempts: 4,
    });

    const result = await sender.deliver(batch, { deadlineMs });

    expect(result).toEqual({ delivered: 0, rejected: 0, unsent: batch });
    expect(destination.calls).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 300]);
    expect(stats.delivered).toBe(0);
    expect(log.entries.filter((e) => e.level === 'warn')).toEqual([
      {
        level: 'warn',
        msg: 'batch not delivered',
        fields: { destination: 'fake', records: 3, reason: '503' },
      },
    ]);
  });

  it('uses 5 attempts by default', async () => {
    const destination = createFakeDestination(
      Array.from({ length: 10 }, () => ({
        status: 'retry' as const,
        reason: '503',
      }))
    );
    const { sender, deadlineMs } = setup(destination);

    await sender.deliver(batchOf(1), { deadlineMs });

    expect(destination.calls).toHaveLength(5);
  });
});

describe('createSender: stale connections', () => {
  it.each([['ECONNRESET'], ['other side closed'], ['UND_ERR_SOCKET']])(
    'retries a first-attempt reset (%s) at once',
    async (reason) => {
      const destination = createFakeDestination([
        { status: 'retry', reason: `socket: ${reason}` },
      ]);
      const { sender, sleeps, deadlineMs } = setup(destination);

      const result = await sender.deliver(batchOf(1), { deadlineMs });

      expect(result.delivered).toBe(1);
      expect(destination.calls).toHaveLength(2);
      expect(sleeps).toEqual([]);
    }
  );

  it('retries a thrown reset at once', async () => {
    const error = Object.assign(new Error('other side closed'), {
      code: 'UND_ERR_SOCKET',
    });
    const destination = createFakeDestination([error]);
    const { sender, sleeps, deadlineMs } = setup(destination);

    await sender.deliver(batchOf(1), { deadlineMs });

    expect(destination.calls).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('backs off for a reset on a later attempt', async () => {
    const destination = createFakeDestination([
      { status: 'retry', reason: '503' },
      { status: 'retry', reason: 'ECONNRESET' },
    ]);
    const { sender, sleeps, deadlineMs } = setup(destination);

    await sender.deliver(batchOf(1), { deadlineMs });

    expect(sleeps).toEqual([100, 200]);
  });
});

describe('createSender: deadline', () => {
  it('does not attempt when the deadline has passed', async () => {
    const destination = createFakeDestination();
    const { sender, clock } = setup(destination);

    const result = await sender.deliver(batchOf(2), { deadlineMs: clock.now });

    expect(result.unsent).toHaveLength(2);
    expect(destination.calls).toHaveLength(0);
  });

  it('stops instead of sleeping past the deadline', async () => {
    const destination = createFakeDestination([
      { status: 'retry', reason: '429', retryAfterMs: 5_000 },
    ]);
    const { sender, clock, sleeps, log } = setup(destination);

    const result = await sender.deliver(batchOf(2), {
      deadlineMs: clock.now + 4_000,
    });

    expect(result.unsent).toHaveLength(2);
    expect(sleeps).toEqual([]);
    expect(log.entries.at(-1)?.fields?.reason).toBe(
      '429 (no time left to retry)'
    );
  });

  it('aborts a slow attempt after attemptTimeoutMs', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const destination = createFakeDestination([
      (_batch, ctx) => {
        signal = ctx.signal;
        return new Promise(() => undefined);
      },
    ]);
    const { sender, deadlineMs } = setup(destination, {
      attemptTimeoutMs: 1_000,
      maxAttempts: 1,
    });

    const pending = sender.deliver(batchOf(1), { deadlineMs });
    await vi.advanceTimersByTimeAsync(999);
    const abortedEarly = signal?.aborted;
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;

    expect(abortedEarly).toBe(false);
    expect(signal?.aborted).toBe(true);
    expect(result.unsent).toHaveLength(1);
  });

  it('fires the signal at the deadline when it comes before the timeout', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const destination = createFakeDestination([
      (_batch, ctx) => {
        signal = ctx.signal;
        return new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () =>
            reject(new Error('aborted'))
          );
        });
      },
    ]);
    const { sender } = setup(destination, {
      attemptTimeoutMs: 5_000,
      nowMs: Date.now,
    });

    const pending = sender.deliver(batchOf(1), {
      deadlineMs: Date.now() + 300,
    });
    await vi.advanceTimersByTimeAsync(300);
    const result = await pending;

    expect(signal?.aborted).toBe(true);
    expect(result.unsent).toHaveLength(1);
    expect(destination.calls).toHaveLength(1);
  });
});

describe('createSender: signal', () => {
  it('stops waiting in a backoff when the signal aborts and returns the batch unsent', async () => {
    const destination = createFakeDestination([
      { status: 'retry', reason: '503' },
    ]);
    const controller = new AbortController();
    const { sender, deadlineMs, log } = setup(destination, {
      // A backoff that never ends unless the abort ends it.
      sleep: () => new Promise(() => undefined),
    });

    const pending = sender.deliver(batchOf(2), {
      deadlineMs,
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(destination.calls).toHaveLength(1));
    controller.abort();
    const result = await pending;

    expect(result.unsent.map((e) => e.message)).toEqual(['line 0', 'line 1']);
    expect(destination.calls).toHaveLength(1);
    expect(log.entries.filter((e) => e.level !== 'debug')).toEqual([]);
  });

  it('abandons a hanging attempt when the signal aborts, without counting it against the circuit', async () => {
    const circuit = createCircuitBreaker({ failureThreshold: 1 });
    const destination = createFakeDestination([
      () => new Promise(() => undefined),
    ]);
    const controller = new AbortController();
    const { sender, deadlineMs, stats } = setup(destination, { circuit });

    const pending = sender.deliver(batchOf(3), {
      deadlineMs,
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(destination.calls).toHaveLength(1));
    controller.abort();
    const result = await pending;

    expect(result).toMatchObject({ delivered: 0, rejected: 0 });
    expect(result.unsent).toHaveLength(3);
    expect(destination.calls[0]?.ctx.signal.aborted).toBe(true);
    expect(circuit.state).toBe('closed');
    expect(stats.delivered).toBe(0);
  });

  it('sends nothing when the signal has already aborted', async () => {
    const destination = createFakeDestination();
    const { sender, deadlineMs, log } = setup(destination);

    const result = await sender.deliver(batchOf(1), {
      deadlineMs,
      signal: AbortSignal.abort(),
    });

    expect(result.unsent).toHaveLength(1);
    expect(destination.calls).toHaveLength(0);
    expect(log.entries.at(-1)?.fields?.reason).toBe(ATTEMPT_CUT_SHORT);
  });
});

describe('createSender: circuit', () => {
  it('does not send while the circuit is open', async () => {
    const circuit = createCircuitBreaker({ failureThreshold: 1 });
    circuit.onFailure();
    const destination = createFakeDestination();
    const { sender, log, deadlineMs } = setup(destination, { circuit });

    const result = await sender.deliver(batchOf(2), { deadlineMs });

    expect(sender.canSend()).toBe(false);
    expect(result.unsent).toHaveLength(2);
    expect(destination.calls).toHaveLength(0);
    expect(log.entries.map((e) => e.level)).toEqual(['debug']);
  });

  it('sends anyway with ignoreCircuit', async () => {
    const circuit = createCircuitBreaker({ failureThreshold: 1 });
    circuit.onFailure();
    const destination = createFakeDestination();
    const { sender, deadlineMs } = setup(destination, { circuit });

    const result = await sender.deliver(batchOf(2), {
      deadlineMs,
      ignoreCircuit: true,
    });

    expect(result.delivered).toBe(2);
    expect(circuit.state).toBe('closed');
  });

  it('stops retrying once failures open the circuit', async () => {
    let now = 0;
    const circuit = createCircuitBreaker({
      failureThreshold: 3,
      nowMs: () => now,
    });
    const destination = createFakeDestination(
      Array.from({ length: 10 }, () => ({
        status: 'retry' as const,
        reason: '503',
      }))
    );
    const { sender, clock, log } = setup(destination, {
      circuit,
      maxAttempts: 5,
    });
    now = clock.now;

    const result = await sender.deliver(batchOf(1), {
      deadlineMs: clock.now + 60_000,
    });

    expect(destination.calls).toHaveLength(3);
    expect(result.unsent).toHaveLength(1);
    const warnings = log.entries.filter((e) => e.level !== 'debug');
    expect(warnings.map((e) => e.msg)).toEqual([
      'destination keeps failing: pausing delivery',
    ]);
    // The warning says why, so an outage explains itself without debug logs.
    expect(warnings[0]?.fields).toMatchObject({ reason: '503' });
  });

  it('does not count Retry-After answers or resets against the circuit', async () => {
    const circuit = createCircuitBreaker({ failureThreshold: 1 });
    const destination = createFakeDestination([
      { status: 'retry', reason: 'ECONNRESET' },
      { status: 'retry', reason: '429', retryAfterMs: 10 },
      { status: 'retry', reason: '429', retryAfterMs: 10 },
    ]);
    const { sender, deadlineMs } = setup(destination, { circuit });

    const result = await sender.deliver(batchOf(1), { deadlineMs });

    expect(result.delivered).toBe(1);
    expect(destination.calls).toHaveLength(4);
  });
});

describe('createSender: Retry-After across calls', () => {
  const tooManyRequests = (retryAfterMs: number) =>
    createFakeDestination([
      { status: 'retry', reason: 'HTTP 429', retryAfterMs },
    ]);

  it('waits in the next call for a Retry-After the deadline cut short', async () => {
    const destination = tooManyRequests(2_000);
    const { sender, clock, sleeps, startsMs } = setup(destination);
    const t0 = clock.now;

    const first = await sender.deliver(batchOf(2), { deadlineMs: t0 + 1_000 });
    clock.now = t0 + 1_000;
    const second = await sender.deliver(first.unsent, {
      deadlineMs: t0 + 5_000,
    });

    expect(first).toEqual({ delivered: 0, rejected: 0, unsent: batchOf(2) });
    expect(second).toEqual({ delivered: 2, rejected: 0, unsent: [] });
    expect(sleeps).toEqual([1_000]);
    expect(startsMs).toEqual([t0, t0 + 2_000]);
  });

  it('keeps canSend false until the Retry-After time passes', async () => {
    const destination = tooManyRequests(2_000);
    const { sender, clock } = setup(destination);
    const t0 = clock.now;
    const before = sender.canSend();

    await sender.deliver(batchOf(1), { deadlineMs: t0 + 1_000 });
    clock.now = t0 + 1_999;
    const justBefore = sender.canSend();
    clock.now = t0 + 2_000;
    const atTheTime = sender.canSend();

    expect([before, justBefore, atTheTime]).toEqual([true, false, true]);
  });

  it('returns the batch unsent when the deadline comes before the Retry-After time', async () => {
    const destination = tooManyRequests(2_000);
    const { sender, clock, sleeps, startsMs, log } = setup(destination);
    const t0 = clock.now;
    await sender.deliver(batchOf(1), { deadlineMs: t0 + 1_000 });
    clock.now = t0 + 1_000;

    const result = await sender.deliver(batchOf(3), {
      deadlineMs: t0 + 2_000 + MIN_ATTEMPT_MS - 1,
    });

    expect(result).toEqual({ delivered: 0, rejected: 0, unsent: batchOf(3) });
    expect(sleeps).toEqual([]);
    expect(startsMs).toEqual([t0]);
    expect(log.entries.at(-1)).toEqual({
      level: 'warn',
      msg: 'batch not delivered',
      fields: {
        destination: 'fake',
        records: 3,
        reason: 'waiting for Retry-After (not before 1970-01-01T00:00:12.000Z)',
      },
    });
  });

  it('waits for a remembered Retry-After even when ignoring the circuit', async () => {
    const destination = tooManyRequests(2_000);
    const { sender, clock, sleeps, startsMs } = setup(destination, {
      circuit: createCircuitBreaker(),
    });
    const t0 = clock.now;
    await sender.deliver(batchOf(1), { deadlineMs: t0 + 1_000 });
    clock.now = t0 + 500;

    const result = await sender.deliver(batchOf(1), {
      deadlineMs: t0 + 3_000,
      ignoreCircuit: true,
    });

    expect(result.delivered).toBe(1);
    expect(sleeps).toEqual([1_500]);
    expect(startsMs).toEqual([t0, t0 + 2_000]);
  });

  it('caps a Retry-After at MAX_RETRY_AFTER_MS', async () => {
    const destination = tooManyRequests(3_600_000);
    const { sender, clock } = setup(destination);
    const t0 = clock.now;

    await sender.deliver(batchOf(1), { deadlineMs: t0 + 1_000 });
    clock.now = t0 + MAX_RETRY_AFTER_MS - 1;
    const justBefore = sender.canSend();
    clock.now = t0 + MAX_RETRY_AFTER_MS;
    const atTheCap = sender.canSend();

    expect([justBefore, atTheCap]).toEqual([false, true]);
  });
});

describe('createSender: minimum attempt budget', () => {
  it('starts no attempt with less than MIN_ATTEMPT_MS left', async () => {
    const destination = createFakeDestination();
    const { sender, clock, log } = setup(destination);

    const short = await sender.deliver(batchOf(2), {
      deadlineMs: clock.now + MIN_ATTEMPT_MS - 1,
    });
    const enough = await sender.deliver(batchOf(2), {
      deadlineMs: clock.now + MIN_ATTEMPT_MS,
    });

    expect(short).toEqual({ delivered: 0, rejected: 0, unsent: batchOf(2) });
    expect(enough).toEqual({ delivered: 2, rejected: 0, unsent: [] });
    expect(destination.calls).toHaveLength(1);
    expect(log.entries[0]?.fields?.reason).toBe(
      'deadline reached (less than 100 ms left)'
    );
  });

  it('starts an attempt with exactly MIN_ATTEMPT_MS left and aborts it at the deadline', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const destination = createFakeDestination([
      (_batch, ctx) => {
        signal = ctx.signal;
        return new Promise(() => undefined);
      },
    ]);
    const { sender } = setup(destination, { nowMs: Date.now });

    const pending = sender.deliver(batchOf(1), {
      deadlineMs: Date.now() + MIN_ATTEMPT_MS,
    });
    await vi.advanceTimersByTimeAsync(MIN_ATTEMPT_MS - 1);
    const abortedEarly = signal?.aborted;
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;

    expect(abortedEarly).toBe(false);
    expect(signal?.aborted).toBe(true);
    expect(result.unsent).toHaveLength(1);
  });

  it('does not retry when the backoff leaves less than MIN_ATTEMPT_MS', async () => {
    const destination = createFakeDestination([
      { status: 'retry', reason: '503' },
    ]);
    const { sender, clock, sleeps, log } = setup(destination);

    const result = await sender.deliver(batchOf(1), {
      deadlineMs: clock.now + 100 + MIN_ATTEMPT_MS - 1,
    });

    expect(result.unsent).toHaveLength(1);
    expect(destination.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(log.entries.at(-1)?.fields?.reason).toBe(
      '503 (no time left to retry)'
    );
  });

  it('does not start the retry when a late timer leaves less than MIN_ATTEMPT_MS', async () => {
    const destination = createFakeDestination([
      { status: 'retry', reason: '503' },
    ]);
    const { sender, clock, sleeps } = setup(destination, {
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.now += ms + 30;
      },
    });
    const t0 = clock.now;

    const result = await sender.deliver(batchOf(1), {
      deadlineMs: t0 + 100 + MIN_ATTEMPT_MS + 20,
    });

    expect(result.unsent).toHaveLength(1);
    expect(destination.calls).toHaveLength(1);
    expect(sleeps).toEqual([100]);
    expect(clock.now).toBe(t0 + 130);
  });
});
