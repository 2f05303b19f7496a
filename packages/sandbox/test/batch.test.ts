import { describe, expect, it } from 'vitest';
import { batchLength, makeBatch, type QueuedEvent } from '../src/batch.js';

function item(record: string): QueuedEvent {
  const event = { type: 'function', record };
  const json = JSON.stringify(event);
  return { event, json, bytes: Buffer.byteLength(json), atMs: 0 };
}

describe('batchLength', () => {
  it('stops at maxItems', () => {
    const queue = Array.from({ length: 5 }, () => item('x'));

    expect(batchLength(queue, { maxItems: 3, maxBytes: 1_000 })).toBe(3);
  });

  it('keeps the item that crosses maxBytes', () => {
    const queue = [item('a'.repeat(40)), item('b'.repeat(40)), item('c')];

    expect(batchLength(queue, { maxItems: 10, maxBytes: 80 })).toBe(2);
  });

  it('sends an oversized record alone and stops before one', () => {
    const big = item('z'.repeat(200));

    expect(batchLength([big, item('a')], { maxItems: 10, maxBytes: 100 })).toBe(
      1
    );
    expect(batchLength([item('a'), big], { maxItems: 10, maxBytes: 100 })).toBe(
      1
    );
  });
});

describe('makeBatch', () => {
  it('cuts an oversized record at maxBytes without splitting a character', () => {
    const big = item('é'.repeat(100));

    const batch = makeBatch([big], { maxBytes: 50, protocol: 'HTTP' });

    expect(batch.parts).toHaveLength(2);
    expect((batch.parts[0] as Buffer).length).toBeLessThanOrEqual(50);
    expect(Buffer.concat(batch.parts).toString('utf8')).toBe(`[${big.json}]`);
    expect((batch.parts[0] as Buffer).toString('utf8')).not.toContain('\ufffd');
  });

  it('writes NDJSON for TCP', () => {
    const batch = makeBatch([item('a'), item('b')], {
      maxBytes: 1_000,
      protocol: 'TCP',
    });

    expect(batch.parts.map((p) => p.toString())).toEqual([
      '{"type":"function","record":"a"}\n{"type":"function","record":"b"}\n',
    ]);
  });
});
