import { describe, expect, it } from 'vitest';
import { createStitcher, type DiscardedPart } from '../src/stitcher.js';

function setup(opts: { ttlMs?: number; maxBytes?: number } = {}) {
  const discarded: DiscardedPart[] = [];
  let now = 0;
  const stitcher = createStitcher({
    ...opts,
    nowMs: () => now,
    onDiscard: (part) => discarded.push(part),
  });
  return {
    stitcher,
    discarded,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const BATCH = JSON.stringify([
  {
    time: '2026-01-20T09:14:02.700Z',
    type: 'function',
    record: 'x'.repeat(50),
  },
  { time: '2026-01-20T09:14:02.701Z', type: 'function', record: 'héllo ✓' },
]);

describe('createStitcher', () => {
  it('passes a whole batch through', () => {
    const { stitcher, discarded } = setup();

    const events = stitcher.accept(BATCH);

    expect(events).toHaveLength(2);
    expect(discarded).toHaveLength(0);
  });

  it('wraps a single event object in an array', () => {
    const { stitcher } = setup();

    const events = stitcher.accept('{"type":"function","record":"a"}');

    expect(events).toEqual([{ type: 'function', record: 'a' }]);
  });

  it('joins a batch cut across two bodies, even inside a UTF-8 character', () => {
    const { stitcher, discarded } = setup();
    const bytes = Buffer.from(BATCH);
    const cut = bytes.indexOf(Buffer.from('✓')) + 1;

    const first = stitcher.accept(bytes.subarray(0, cut));
    const second = stitcher.accept(bytes.subarray(cut));

    expect(first).toBeUndefined();
    expect(second).toEqual(JSON.parse(BATCH));
    expect(discarded).toHaveLength(0);
    expect(stitcher.heldBytes).toBe(0);
  });

  it('counts a malformed body and still uses the next batch', () => {
    const { stitcher, discarded } = setup();

    stitcher.accept('this is not json');
    const events = stitcher.accept(BATCH);

    expect(events).toHaveLength(2);
    expect(discarded).toEqual([{ bytes: 16, reason: 'malformed' }]);
  });

  it('holds the next body when it is itself a first part', () => {
    const { stitcher, discarded } = setup();

    stitcher.accept('garbage');
    const held = stitcher.accept(BATCH.slice(0, 40));
    const events = stitcher.accept(BATCH.slice(40));

    expect(held).toBeUndefined();
    expect(events).toHaveLength(2);
    expect(discarded).toEqual([{ bytes: 7, reason: 'malformed' }]);
  });

  it('gives up a held part after the TTL', () => {
    const { stitcher, discarded, advance } = setup({ ttlMs: 1_000 });
    stitcher.accept(BATCH.slice(0, 40));

    advance(1_000);
    stitcher.expire();
    const kept = stitcher.heldBytes;
    advance(1);
    stitcher.expire();

    expect(kept).toBe(40);
    expect(discarded).toEqual([{ bytes: 40, reason: 'expired' }]);
  });

  it('does not join a part that expired before the rest arrived', () => {
    const { stitcher, discarded, advance } = setup({ ttlMs: 1_000 });
    stitcher.accept(BATCH.slice(0, 40));

    advance(1_001);
    const events = stitcher.accept(BATCH.slice(40));

    expect(events).toBeUndefined();
    expect(discarded).toEqual([{ bytes: 40, reason: 'expired' }]);
    expect(stitcher.heldBytes).toBe(Buffer.byteLength(BATCH) - 40);
  });

  it('refuses to hold more than maxBytes', () => {
    const { stitcher, discarded } = setup({ maxBytes: 50 });

    stitcher.accept('x'.repeat(51));
    stitcher.accept('y'.repeat(30));
    stitcher.accept('z'.repeat(30));

    expect(discarded).toEqual([
      { bytes: 51, reason: 'too-large' },
      { bytes: 30, reason: 'too-large' },
    ]);
    expect(stitcher.heldBytes).toBe(30);
  });

  it('counts JSON that is neither a batch nor an event', () => {
    const { stitcher, discarded } = setup();

    const events = stitcher.accept('"OK"');

    expect(events).toBeUndefined();
    expect(discarded).toEqual([{ bytes: 4, reason: 'malformed' }]);
  });

  it('counts the held part on close', () => {
    const { stitcher, discarded } = setup();
    stitcher.accept('[{"type":');

    stitcher.close();

    expect(discarded).toEqual([{ bytes: 9, reason: 'closed' }]);
  });
});
