import { createHash } from 'node:crypto';
import type { LogEvent } from '@logdrain/core';
import { contractEvent } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';
import {
  type BulkEncoder,
  createBulkEncoder,
  ENCODE_SLICE,
} from '../src/bulk-body.js';

const hash = (text: string) =>
  createHash('sha256').update(text).digest('base64url').slice(0, 27);

function batchOf(size: number): LogEvent[] {
  return Array.from(
    { length: size },
    (_, n) => contractEvent({ tag: 'body', n }) as LogEvent
  );
}

/** Encodes `batch`; what was written, whole and write by write. */
async function encodeText(
  encoder: BulkEncoder,
  batch: readonly LogEvent[],
  options: { readonly maxBytes: number; readonly signal?: AbortSignal }
) {
  const writes: string[] = [];
  const body = await encoder.encode(batch, {
    ...options,
    write: (text) => writes.push(text),
  });
  return { ...body, text: writes.join(''), writes };
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
  it('writes one create action and one document per event, ending in a newline', async () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });

    const body = await encodeText(encoder, batchOf(3), { maxBytes: 1_000_000 });

    const lines = body.text.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines.at(-1)).toBe('');
    expect(body.bytes).toBe(Buffer.byteLength(body.text));
    expect(body.left).toEqual([]);
  });

  it('derives the same ids from the same events, in a new encoder too', async () => {
    const batch = batchOf(3);
    const encodeNew = async () =>
      (
        await encodeText(
          createBulkEncoder({ hash, dataStream: undefined }),
          batch,
          {
            maxBytes: 1e6,
          }
        )
      ).text;

    const first = idsOf(await encodeNew());
    const again = idsOf(await encodeNew());

    expect(new Set(first).size).toBe(3);
    expect(again).toEqual(first);
  });

  it('numbers identical events and keeps their ids when only some are sent again', async () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });
    const [event] = batchOf(1) as [LogEvent];
    const twins = [event, { ...event }, { ...event }];

    const ids = idsOf(
      (await encodeText(encoder, twins, { maxBytes: 1e6 })).text
    );
    const retried = idsOf(
      (await encodeText(encoder, twins.slice(2), { maxBytes: 1e6 })).text
    );

    expect(ids).toEqual([ids[0], `${ids[0]}-1`, `${ids[0]}-2`]);
    expect(retried).toEqual([`${ids[0]}-2`]);
  });

  it('stops before maxBytes and hands back the events left out', async () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });
    const batch = batchOf(10);
    const one = (
      await encodeText(encoder, batch.slice(0, 1), { maxBytes: 1e6 })
    ).bytes;

    const body = await encodeText(encoder, batch, { maxBytes: one * 3 + 10 });

    expect(body.events).toEqual(batch.slice(0, 3));
    expect(body.left).toEqual(batch.slice(3));
    expect(body.bytes).toBeLessThanOrEqual(one * 3 + 10);
  });

  it('numbers an identical event left out by maxBytes when the batch is encoded, not when it is sent', async () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });
    const [event] = batchOf(1) as [LogEvent];
    const measure = createBulkEncoder({ hash, dataStream: undefined });
    const one = (await encodeText(measure, [event], { maxBytes: 1e6 })).bytes;
    const twins = [event, { ...event }];

    const first = await encodeText(encoder, twins, { maxBytes: one });
    const rest = await encodeText(encoder, first.left, { maxBytes: one });

    const [id] = idsOf(first.text);
    expect(first.events).toEqual([event]);
    expect(idsOf(rest.text)).toEqual([`${id}-1`]);
  });

  it('lets the event loop turn between slices of a large batch', async () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });
    const batch = batchOf(2 * ENCODE_SLICE + 1);
    let turns = 0;
    const count = () => {
      turns += 1;
      if (turns < 5) setImmediate(count);
    };
    setImmediate(count);

    const body = await encodeText(encoder, batch, { maxBytes: 1e7 });
    const alone = await Promise.all(
      batch.map(async (event) =>
        encodeText(
          createBulkEncoder({ hash, dataStream: undefined }),
          [event],
          {
            maxBytes: 1e7,
          }
        )
      )
    );

    expect(turns).toBe(2);
    expect(body.writes.map((text) => idsOf(text).length)).toEqual([
      ENCODE_SLICE,
      ENCODE_SLICE,
      1,
    ]);
    expect(body.events).toEqual(batch);
    const ids = idsOf(body.text);
    expect(new Set(ids).size).toBe(2 * ENCODE_SLICE + 1);
    expect(ids).toEqual(alone.flatMap((one) => idsOf(one.text)));
  });

  it('stops at the first turn after its signal fires, giving no more events an id', async () => {
    let hashed = 0;
    const encoder = createBulkEncoder({
      hash: (text) => {
        hashed += 1;
        return hash(text);
      },
      dataStream: undefined,
    });
    const controller = new AbortController();

    // The first slice is encoded before encode() returns its promise.
    const encoding = encodeText(encoder, batchOf(2 * ENCODE_SLICE + 1), {
      maxBytes: 1e7,
      signal: controller.signal,
    });
    controller.abort(new Error('flush deadline'));

    await expect(encoding).rejects.toThrow('flush deadline');
    expect(hashed).toBe(ENCODE_SLICE);
  });

  it('encodes a batch of one slice without waiting for the event loop', async () => {
    const encoder = createBulkEncoder({ hash, dataStream: undefined });
    let turned = false;
    setImmediate(() => {
      turned = true;
    });

    await encodeText(encoder, batchOf(ENCODE_SLICE), { maxBytes: 1e7 });

    expect(turned).toBe(false);
  });
});
