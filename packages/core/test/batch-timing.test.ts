import { describe, expect, it } from 'vitest';
import { fitLimits } from '../src/batch-timing.js';

const LIMITS = { maxBatchBytes: 5_000_000, maxBatchItems: 2_000 };

describe('fitLimits', () => {
  it('keeps the destination limits before any batch was timed', () => {
    expect(fitLimits(LIMITS, undefined, 100)).toBe(LIMITS);
  });

  it('keeps them when a full batch fits in 70 % of the time left', () => {
    expect(fitLimits(LIMITS, { events: 2_000, ms: 300 }, 1_300)).toBe(LIMITS);
  });

  it('takes fewer items when a full batch would not be answered in time', () => {
    // 2,000 in 3 s: 0.667 per ms × 1,300 ms × 0.7 = 606.
    expect(fitLimits(LIMITS, { events: 2_000, ms: 3_000 }, 1_300)).toEqual({
      maxBatchBytes: 5_000_000,
      maxBatchItems: 606,
    });
    expect(
      fitLimits(LIMITS, { events: 2_000, ms: 60_000 }, 10).maxBatchItems
    ).toBe(1);
  });
});
