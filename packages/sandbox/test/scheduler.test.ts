import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FreezableScheduler } from '../src/scheduler.js';

describe('FreezableScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds timers while frozen and fires an overdue one at the thaw', () => {
    const scheduler = new FreezableScheduler();
    const fired: string[] = [];
    scheduler.setTimeout(() => fired.push('batch'), 100);

    scheduler.freeze();
    vi.advanceTimersByTime(500);
    const whileFrozen = [...fired];
    scheduler.thaw();
    vi.advanceTimersByTime(0);

    expect(whileFrozen).toEqual([]);
    expect(fired).toEqual(['batch']);
  });

  it('gives a pausing timer the time it had left at the freeze', () => {
    const scheduler = new FreezableScheduler();
    const fired: number[] = [];
    scheduler.setTimeout(() => fired.push(Date.now()), 100, { pauses: true });
    vi.advanceTimersByTime(40);

    scheduler.freeze();
    vi.advanceTimersByTime(1_000);
    scheduler.thaw();
    const thawedAt = Date.now();
    vi.advanceTimersByTime(100);

    expect(fired).toEqual([thawedAt + 60]);
  });

  it('cancels a timer', () => {
    const scheduler = new FreezableScheduler();
    const fired: string[] = [];
    const cancel = scheduler.setTimeout(() => fired.push('x'), 10);

    cancel();
    vi.advanceTimersByTime(100);

    expect(fired).toEqual([]);
  });
});
