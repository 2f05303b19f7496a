import { describe, expect, it } from 'vitest';
import { fullJitterBackoff } from '../src/backoff.js';

describe('fullJitterBackoff', () => {
  it('doubles the ceiling per attempt', () => {
    const backoff = fullJitterBackoff({
      baseMs: 100,
      capMs: 100_000,
      random: () => 0.999_999,
    });

    const waits = [1, 2, 3, 4].map(backoff);

    expect(waits).toEqual([99, 199, 399, 799]);
  });

  it('never exceeds the cap', () => {
    const backoff = fullJitterBackoff({
      baseMs: 100,
      capMs: 1_000,
      random: () => 0.999_999,
    });

    const waits = [5, 10, 60, 10_000].map(backoff);

    expect(waits).toEqual([999, 999, 999, 999]);
  });

  it('can wait zero (full jitter)', () => {
    const backoff = fullJitterBackoff({
      baseMs: 100,
      capMs: 1_000,
      random: () => 0,
    });

    expect(backoff(3)).toBe(0);
  });

  it('treats attempts below 1 as the first', () => {
    const backoff = fullJitterBackoff({
      baseMs: 100,
      capMs: 1_000,
      random: () => 0.5,
    });

    expect(backoff(0)).toBe(50);
  });

  it('stays within bounds with Math.random', () => {
    const backoff = fullJitterBackoff({ baseMs: 50, capMs: 400 });

    const waits = Array.from({ length: 200 }, (_, i) => backoff((i % 8) + 1));

    expect(
      waits.every((ms) => Number.isInteger(ms) && ms >= 0 && ms < 400)
    ).toBe(true);
  });
});
