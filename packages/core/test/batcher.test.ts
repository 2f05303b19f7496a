import { describe, expect, it } from 'vitest';
import {
  cutBatch,
  estimateEventBytes,
  splitIntoBatches,
} from '../src/batcher.js';
import type { LogEvent } from '../src/log-event.js';
import { makeEvent, TEST_CONTEXT } from './event-helpers.js';

describe('cutBatch', () => {
  const limits = { maxBatchBytes: 1_000, maxBatchItems: 3 };

  it('takes items while the bytes fit, counting brackets and commas', () => {
    const count = cutBatch({ sizes: [400, 400, 400], start: 0, limits });

    expect(count).toBe(2);
  });

  it('stops at maxBatchItems', () => {
    const count = cutBatch({ sizes: [1, 1, 1, 1, 1], start: 0, limits });

    expect(count).toBe(3);
  });

  it('fits exactly at the byte limit', () => {
    // 2 brackets + 499 + 1 comma + 498 = 1000
    const count = cutBatch({ sizes: [499, 498, 1], start: 0, limits });

    expect(count).toBe(2);
  });

  it('sends an item larger than maxBatchBytes alone', () => {
    const count = cutBatch({ sizes: [5_000, 10], start: 0, limits });

    expect(count).toBe(1);
  });

  it('starts at start and stops at end', () => {
    const count = cutBatch({
      sizes: [900, 1, 1, 1, 1],
      start: 1,
      end: 3,
      limits,
    });

    expect(count).toBe(2);
  });

  it('returns 0 when nothing is left', () => {
    expect(cutBatch({ sizes: [1], start: 1, limits })).toBe(0);
  });
});

describe('splitIntoBatches', () => {
  it('cuts a list into batches within limits, order kept', () => {
    const items = [300, 300, 300, 300, 2_000, 10];

    const batches = splitIntoBatches(
      items,
      { maxBatchBytes: 1_000, maxBatchItems: 10 },
      (size) => size
    );

    expect(batches).toEqual([[300, 300, 300], [300], [2_000], [10]]);
  });
});

describe('estimateEventBytes', () => {
  it('is at least the JSON size of a typical text event', () => {
    const event = makeEvent('hello world, a typical log line with some words');

    const estimate = estimateEventBytes(event);

    expect(estimate).toBeGreaterThanOrEqual(JSON.stringify(event).length);
  });

  it('counts UTF-8 bytes of non-ASCII text', () => {
    const ascii = makeEvent('a'.repeat(300));
    const wide = makeEvent('€'.repeat(300));

    const difference = estimateEventBytes(wide) - estimateEventBytes(ascii);

    // 300 chars of 3 bytes instead of 1, in message and record.
    expect(difference).toBe(1_200);
  });

  it('walks object records', () => {
    const record = {
      timestamp: '2026-01-20T09:14:02.700Z',
      level: 'INFO',
      requestId: '8f507cfc-2f8b-4c1e-a6a2-1f3c9b0d7e41',
      message: 'loaded 3 orders',
      nested: { list: [1, 2, 3], flag: true, none: null },
    };
    const event: LogEvent = { ...makeEvent('loaded 3 orders'), record };

    const estimate = estimateEventBytes(event);

    expect(estimate).toBeGreaterThanOrEqual(JSON.stringify(event).length);
    expect(estimate).toBeLessThan(JSON.stringify(event).length * 2);
  });

  it('charges a flat amount for very deep records', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const event: LogEvent = { ...makeEvent('deep'), record: deep };

    expect(estimateEventBytes(event)).toBeLessThan(2_000);
  });

  it('measures each new context', () => {
    const small = makeEvent('x');
    const bigger = {
      ...small,
      context: { ...TEST_CONTEXT, functionName: 'f'.repeat(100) },
    };

    expect(estimateEventBytes(bigger) - estimateEventBytes(small)).toBe(
      100 - TEST_CONTEXT.functionName.length
    );
  });
});
