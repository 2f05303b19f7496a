import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStitcher, type DiscardedPart } from '../src/stitcher.js';

function setup(opts: { maxBytes?: number } = {}) {
  const discarded: DiscardedPart[] = [];
  const stitcher = createStitcher({
    ...opts,
    onDiscard: (part) => discarded.push(part),
  });
  return { stitcher, discarded };
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
  afterEach(() => {
    vi.useRealTimers();
  });

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

  it('joins the rest however late it arrives (a freeze between the two POSTs)', () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-20T09:14:02.700Z') });
    const { stitcher, discarded } = setup();
    const first = stitcher.accept(BATCH.slice(0, 40));

    vi.advanceTimersByTime(3 * 60 * 60 * 1_000);
    const events = stitcher.accept(BATCH.slice(40));

    expect(first).toBeUndefined();
    expect(events).toEqual(JSON.parse(BATCH));
    expect(discarded).toEqual([]);
  });

  it('counts a held part the next body does not complete, and holds that body when it is a first part', () => {
    const { stitcher, discarded } = setup();
    stitcher.accept(BATCH.slice(0, 40));

    const second = stitcher.accept(BATCH.slice(0, 30));
    const third = stitcher.accept(BATCH.slice(30));

    expect(second).toBeUndefined();
    expect(third).toEqual(JSON.parse(BATCH));
    expect(discarded).toEqual([{ bytes: 40, reason: 'malformed' }]);
  });

  it('gives up a held part when a body too large to read comes next', () => {
    const { stitcher, discarded } = setup();
    stitcher.accept(BATCH.slice(0, 40));

    stitcher.skipBody();
    stitcher.skipBody();

    expect(discarded).toEqual([{ bytes: 40, reason: 'too-large' }]);
    expect(stitcher.heldBytes).toBe(0);
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
