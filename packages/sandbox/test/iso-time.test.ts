import { describe, expect, it } from 'vitest';
import { isoTime } from '../src/iso-time.js';

describe('isoTime', () => {
  it('is toISOString of each millisecond, repeated or not', () => {
    const times = [1_769_001_234_567, 1_769_001_234_567, 1_769_001_234_568, 0];

    expect(times.map(isoTime)).toEqual([
      '2026-01-21T13:13:54.567Z',
      '2026-01-21T13:13:54.567Z',
      '2026-01-21T13:13:54.568Z',
      '1970-01-01T00:00:00.000Z',
    ]);
  });
});
