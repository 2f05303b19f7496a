import { describe, expect, it } from 'vitest';
import {
  createRetryTiming,
  MAX_RETRY_AFTER_MS,
  MIN_ATTEMPT_MS,
} from '../src/retry-timing.js';

function setup() {
  const clock = { now: 1_000 };
  const timing = createRetryTiming({
    backoff: (attempt) => attempt * 100,
    nowMs: () => clock.now,
  });
  return { clock, timing };
}

describe('createRetryTiming', () => {
  it('remembers a Retry-After as the time before which nothing starts', () => {
    const { timing } = setup();

    const plan = timing.afterRetry(
      { reason: 'HTTP 429', retryAfterMs: 2_000 },
      1
    );

    expect(plan).toEqual({ readyAtMs: 1_000, isFailure: false });
    expect(timing.notBeforeMs).toBe(3_000);
    expect(timing.startAtMs(plan.readyAtMs)).toBe(3_000);
  });

  it('keeps the later of two Retry-After times', () => {
    const { clock, timing } = setup();

    timing.afterRetry({ reason: 'HTTP 429', retryAfterMs: 5_000 }, 1);
    clock.now = 2_000;
    timing.afterRetry({ reason: 'HTTP 429', retryAfterMs: 1_000 }, 2);

    expect(timing.notBeforeMs).toBe(6_000);
  });

  it('caps Retry-After at MAX_RETRY_AFTER_MS and treats a negative one as 0', () => {
    const { clock, timing } = setup();

    timing.afterRetry({ reason: 'HTTP 429', retryAfterMs: -5 }, 1);
    const afterNegative = timing.notBeforeMs;
    timing.afterRetry({ reason: 'HTTP 503', retryAfterMs: 86_400_000 }, 2);

    expect(afterNegative).toBe(clock.now);
    expect(timing.notBeforeMs).toBe(clock.now + MAX_RETRY_AFTER_MS);
  });

  it('retries a first-attempt reset at once and backs off for a later one', () => {
    const { timing } = setup();

    const first = timing.afterRetry({ reason: 'ECONNRESET' }, 1);
    const later = timing.afterRetry({ reason: 'socket hang up' }, 3);

    expect(first).toEqual({ readyAtMs: 1_000, isFailure: false });
    expect(later).toEqual({ readyAtMs: 1_300, isFailure: false });
  });

  it('backs off after other failures and counts them against the circuit', () => {
    const { timing } = setup();

    const plan = timing.afterRetry({ reason: 'HTTP 503' }, 2);

    expect(plan).toEqual({ readyAtMs: 1_200, isFailure: true });
    expect(timing.notBeforeMs).toBe(0);
  });

  it('clamps a negative backoff to no wait', () => {
    const timing = createRetryTiming({ backoff: () => -50, nowMs: () => 7 });

    expect(timing.afterRetry({ reason: 'HTTP 500' }, 1).readyAtMs).toBe(7);
    expect(timing.afterRetry({ reason: 'EPIPE' }, 2).readyAtMs).toBe(7);
  });

  it('starts no earlier than now and fits only with MIN_ATTEMPT_MS left', () => {
    const { timing } = setup();

    const start = timing.startAtMs(0);

    expect(start).toBe(1_000);
    expect(timing.fitsBefore(start, start + MIN_ATTEMPT_MS)).toBe(true);
    expect(timing.fitsBefore(start, start + MIN_ATTEMPT_MS - 1)).toBe(false);
  });
});
