import { describe, expect, it } from 'vitest';
import { createFlushPolicy, parseFlushPolicy } from '../src/flush-policy.js';

describe('parseFlushPolicy', () => {
  it('parses every form, case-insensitively', () => {
    expect(
      ['adaptive', 'END', 'periodic:5000', 'continuous:100'].map(
        parseFlushPolicy
      )
    ).toEqual([
      { kind: 'adaptive' },
      { kind: 'end' },
      { kind: 'periodic', intervalMs: 5000 },
      { kind: 'continuous', intervalMs: 100 },
    ]);
  });

  it('refuses malformed values and intervals out of range', () => {
    expect(
      [
        'sometimes',
        'periodic',
        'periodic:99',
        'continuous:3600001',
        'end:5',
      ].map(parseFlushPolicy)
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

function invokeEvery(
  policy: ReturnType<typeof createFlushPolicy>,
  count: number,
  gapMs: number,
  startMs = 0
): number {
  let now = startMs;
  for (let i = 0; i < count; i += 1) {
    policy.onInvoke(`req-${i}`, now);
    now += gapMs;
  }
  return now - gapMs;
}

describe('createFlushPolicy (adaptive)', () => {
  it('waits for runtimeDone and flushes on the cold start', () => {
    const policy = createFlushPolicy({ kind: 'adaptive' });

    policy.onInvoke('first', 1_000);

    expect(policy.state).toBe('cold');
    expect(policy.shouldWaitForRuntimeDone()).toBe(true);
    expect(policy.shouldFlushBeforeNext(undefined, 1_000)).toBe(true);
  });

  it('keeps flushing at the end of each invoke for sporadic functions', () => {
    const policy = createFlushPolicy({ kind: 'adaptive' });

    invokeEvery(policy, 30, 60_000);

    expect(policy.state).toBe('sporadic');
    expect(policy.shouldWaitForRuntimeDone()).toBe(true);
    expect(policy.shouldFlushBeforeNext(0, 0)).toBe(true);
  });

  it('becomes busy when 10 of the last 20 gaps are under 2 s', () => {
    const policy = createFlushPolicy({ kind: 'adaptive' });

    invokeEvery(policy, 10, 1_999);
    const before = policy.state;
    policy.onInvoke('eleventh', 10 * 1_999);

    expect(before).toBe('sporadic');
    expect(policy.state).toBe('busy');
    expect(policy.shouldWaitForRuntimeDone()).toBe(false);
    expect(policy.shouldFlushBeforeNext(99_000, 100_000)).toBe(false);
  });

  it('flushes before /next again when a busy function falls 5 s behind', () => {
    const policy = createFlushPolicy({ kind: 'adaptive' });
    invokeEvery(policy, 21, 100);
    const nowMs = 100_000;

    const caughtUp = policy.shouldFlushBeforeNext(nowMs - 4_999, nowMs);
    const behind = policy.shouldFlushBeforeNext(nowMs - 5_000, nowMs);

    expect(policy.state).toBe('busy');
    expect(caughtUp).toBe(false);
    expect(behind).toBe(true);
    expect(policy.shouldWaitForRuntimeDone()).toBe(false);
  });

  it('flushes before /next again when a busy function has 1 MiB queued', () => {
    const policy = createFlushPolicy({ kind: 'adaptive' });
    invokeEvery(policy, 21, 100);
    const nowMs = 100_000;

    const small = policy.shouldFlushBeforeNext(nowMs, nowMs, 1_048_575);
    const large = policy.shouldFlushBeforeNext(nowMs, nowMs, 1_048_576);

    expect(policy.state).toBe('busy');
    expect(small).toBe(false);
    expect(large).toBe(true);
  });

  it('flushes before /next again when a busy function’s backlog would take the destination 1 s', () => {
    const policy = createFlushPolicy({ kind: 'adaptive' });
    invokeEvery(policy, 21, 100);
    const nowMs = 100_000;

    const quick = policy.shouldFlushBeforeNext(nowMs, nowMs, 0, 999);
    const slow = policy.shouldFlushBeforeNext(nowMs, nowMs, 0, 1_000);

    expect(policy.state).toBe('busy');
    expect(quick).toBe(false);
    expect(slow).toBe(true);
  });

  it('returns to sporadic when close gaps fall out of the window', () => {
    const policy = createFlushPolicy({ kind: 'adaptive' });
    const last = invokeEvery(policy, 21, 100);

    invokeEvery(policy, 11, 5_000, last + 5_000);

    expect(policy.state).toBe('sporadic');
  });

  it('treats a gap of exactly 2 s as not close', () => {
    const policy = createFlushPolicy({ kind: 'adaptive' });

    invokeEvery(policy, 21, 2_000);

    expect(policy.state).toBe('sporadic');
  });

  it('flushes in the background every second when records are queued', () => {
    const policy = createFlushPolicy({ kind: 'adaptive' });

    expect(policy.backgroundIntervalMs()).toBe(1_000);
    expect(policy.shouldFlushInBackground(undefined, 5)).toBe(false);
    expect(policy.shouldFlushInBackground(1, 5)).toBe(true);
  });
});

describe('createFlushPolicy (end, periodic, continuous)', () => {
  it('end always waits and flushes, with no background timer', () => {
    const policy = createFlushPolicy({ kind: 'end' });
    invokeEvery(policy, 30, 10);

    expect(policy.shouldWaitForRuntimeDone()).toBe(true);
    expect(policy.shouldFlushBeforeNext(undefined, 0)).toBe(true);
    expect(policy.backgroundIntervalMs()).toBeUndefined();
    expect(policy.shouldFlushInBackground(0, 10)).toBe(false);
  });

  it('periodic flushes only when the oldest record is old enough', () => {
    const policy = createFlushPolicy({ kind: 'periodic', intervalMs: 5_000 });
    policy.onInvoke('a', 0);

    expect(policy.shouldWaitForRuntimeDone()).toBe(false);
    expect(policy.shouldFlushBeforeNext(undefined, 10_000)).toBe(false);
    expect(policy.shouldFlushBeforeNext(5_001, 10_000)).toBe(false);
    expect(policy.shouldFlushBeforeNext(5_000, 10_000)).toBe(true);
    expect(policy.backgroundIntervalMs()).toBe(5_000);
    expect(policy.shouldFlushInBackground(4_000, 10_000)).toBe(true);
  });

  it('continuous never blocks /next and flushes in the background', () => {
    const policy = createFlushPolicy({ kind: 'continuous', intervalMs: 250 });
    policy.onInvoke('a', 0);

    expect(policy.shouldWaitForRuntimeDone()).toBe(false);
    expect(policy.shouldFlushBeforeNext(0, 1_000_000)).toBe(false);
    expect(policy.backgroundIntervalMs()).toBe(250);
    expect(policy.shouldFlushInBackground(0, 1)).toBe(true);
    expect(policy.state).toBe('continuous');
  });
});
