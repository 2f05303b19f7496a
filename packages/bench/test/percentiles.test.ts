import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../src/percentiles.js';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, n) => n + 1);

    const picked = [50, 95, 99, 100].map((p) => percentile(sorted, p));

    expect(picked).toEqual([50, 95, 99, 100]);
  });

  it('gives the only sample for any percentile of one', () => {
    expect([1, 50, 99].map((p) => percentile([7], p))).toEqual([7, 7, 7]);
  });

  it('rounds the rank up between samples', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5], 95)).toBe(5);
  });

  it('refuses no samples', () => {
    expect(() => percentile([], 50)).toThrow('no samples');
  });
});

describe('summarize', () => {
  it('sorts the samples before ranking them', () => {
    const samples = [9, 1, 5, 3, 7, 2, 8, 4, 6, 10];

    const summary = summarize(samples);

    expect(summary).toEqual({
      count: 10,
      p50: 5,
      p95: 10,
      p99: 10,
      min: 1,
      max: 10,
    });
    expect(samples[0]).toBe(9);
  });

  it('is undefined without samples', () => {
    expect(summarize([])).toBeUndefined();
  });
});
