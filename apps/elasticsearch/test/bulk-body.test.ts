import { createHash } from 'node:crypto';
import type { LogEvent } from '@logdrain/core';
import { contractEvent } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';
import { createBulkEncoder } from '../src/bulk-body.js';

const hash = (text: string) =>
  createHash('sha256').update(text).digest('base64url').slice(0, 27);

function batchOf(size: number): LogEvent[] {
  return Array.from(
    { length: size },
    (_, n) => contractEvent({ tag: 'body', n }) as LogEvent
  );
}

function idsOf(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{"create"'))
    .map(
      (line) => (JSON.parse(line) as { create: { _id: string } }).create._id
    );
}

describe('createBulkEncoder', () => {
  it('writes one create action and one document per event, ending in a newline', () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });

    const body = encoder.encode(batchOf(3), { maxBytes: 1_000_000 });

    const lines = body.text.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines.at(-1)).toBe('');
    expect(body.bytes).toBe(Buffer.byteLength(body.text));
    expect(body.left).toEqual([]);
  });

  it('derives the same ids from the same events, in a new encoder too', () => {
    const batch = batchOf(3);

    const first = idsOf(
      createBulkEncoder({ hash, dataStream: undefined }).encode(batch, {
        maxBytes: 1e6,
      }).text
    );
    const again = idsOf(
      createBulkEncoder({ hash, dataStream: undefined }).encode(batch, {
        maxBytes: 1e6,
      }).text
    );

    expect(new Set(first).size).toBe(3);
    expect(again).toEqual(first);
  });

  it('numbers identical events and keeps their ids when only some are sent again', () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });
    const [event] = batchOf(1) as [LogEvent];
    const twins = [event, { ...event }, { ...event }];

    const ids = idsOf(encoder.encode(twins, { maxBytes: 1e6 }).text);
    const retried = idsOf(
      encoder.encode(twins.slice(2), { maxBytes: 1e6 }).text
    );

    expect(ids).toEqual([ids[0], `${ids[0]}-1`, `${ids[0]}-2`]);
    expect(retried).toEqual([`${ids[0]}-2`]);
  });

  it('stops before maxBytes and hands back the events left out', () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });
    const batch = batchOf(10);
    const one = encoder.encode(batch.slice(0, 1), { maxBytes: 1e6 }).bytes;

    const body = encoder.encode(batch, { maxBytes: one * 3 + 10 });

    expect(body.events).toEqual(batch.slice(0, 3));
    expect(body.left).toEqual(batch.slice(3));
    expect(body.bytes).toBeLessThanOrEqual(one * 3 + 10);
  });
});
