import { createHash } from 'node:crypto';
import type { LogEvent } from '@logdrain/core';
import { contractEvent } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';
import { createBulkEncoder, RECENT_MILLISECONDS } from '../src/bulk-body.js';

const hash = (text: string) =>
  createHash('sha256').update(text).digest('base64url').slice(0, 27);

/** `contractEvent` at a given millisecond. */
function eventAt(tag: string, n: number, timeMs: number): LogEvent {
  const time = new Date(timeMs).toISOString();
  return { ...(contractEvent({ tag, n }) as LogEvent), time, timeMs };
}

describe('createBulkEncoder copy numbers across batches', () => {
  it('numbers identical events of one millisecond in different batches, until RECENT_MILLISECONDS later ones came', async () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });
    const encodeIds = async (batch: readonly LogEvent[]) => {
      const writes: string[] = [];
      await encoder.encode(batch, {
        maxBytes: 1e8,
        write: (text) => writes.push(text),
      });
      return writes
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{"create"'))
        .map(
          (line) => (JSON.parse(line) as { create: { _id: string } }).create._id
        );
    };
    const start = 1_800_000_000_000;
    const twin = eventAt('twin', 0, start);
    // 5,000 lines of the twin's millisecond, then one in each of the next.
    const burst = Array.from({ length: 5_000 }, (_, n) =>
      eventAt('burst', n, start)
    );
    const later = (count: number) =>
      Array.from({ length: count }, (_, n) =>
        eventAt('later', n, start + 1 + n)
      );

    const [first] = await encodeIds([twin]);
    await encodeIds(burst);
    const [second] = await encodeIds([{ ...twin }]);
    await encodeIds(later(RECENT_MILLISECONDS - 1));
    const [third] = await encodeIds([{ ...twin }]);
    await encodeIds(later(RECENT_MILLISECONDS));
    const [fourth] = await encodeIds([{ ...twin }]);

    expect([second, third, fourth]).toEqual([
      `${first}-1`,
      `${first}-2`,
      first,
    ]);
  });
});
