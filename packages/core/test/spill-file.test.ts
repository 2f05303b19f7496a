import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpillFile } from '../src/spill-file.js';
import { makeEvent, TEST_CONTEXT } from './event-helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdrain-spill-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SpillFile', () => {
  it('returns records in order with their enqueue time and the shared context', () => {
    const spill = new SpillFile({ dir, maxBytes: 1_000_000 });
    const events = [makeEvent('one'), makeEvent('two'), makeEvent('three')];

    for (const [i, event] of events.entries()) {
      spill.append(spill.serialize(event, 100 + i));
    }
    const read = [spill.shift(), spill.shift(), spill.shift(), spill.shift()];

    expect(read.slice(0, 3)).toEqual(
      events.map((event, i) => ({ event, enqueuedMs: 100 + i }))
    );
    expect(read[0]?.event.context).toBe(TEST_CONTEXT);
    expect(read[3]).toBeUndefined();
    spill.close();
  });

  it('leaves the shared context out of the file but keeps a different one', () => {
    const spill = new SpillFile({ dir, maxBytes: 1_000_000 });
    const other = { ...TEST_CONTEXT, functionName: 'other-fn' };

    const shared = spill.serialize(makeEvent('a'), 1);
    const different = spill.serialize(makeEvent('b', { context: other }), 1);

    expect(shared).not.toContain('orders-api');
    expect(different).toContain('other-fn');
  });

  it('refuses a line that would pass maxBytes of live data', () => {
    const spill = new SpillFile({ dir, maxBytes: 500 });
    const line = spill.serialize(makeEvent('x'.repeat(50)), 1);
    const fits = Math.floor(500 / Buffer.byteLength(line));

    const results = Array.from({ length: fits + 1 }, () => spill.append(line));

    expect(results.filter(Boolean)).toHaveLength(fits);
    expect(spill.count).toBe(fits);
    expect(spill.bytes).toBe(fits * Buffer.byteLength(line));
    spill.close();
  });

  it('writes appended lines together: at flush, before passing 64 KiB, before reading', () => {
    const spill = new SpillFile({ dir, maxBytes: 1_000_000 });
    const line = spill.serialize(makeEvent('x'.repeat(1_000)), 1);
    const lineBytes = Buffer.byteLength(line);
    const written = () => statSync(join(dir, readdirSync(dir)[0] ?? '')).size;

    for (let i = 0; i < 3; i++) spill.append(line);
    const beforeFlush = written();
    spill.flush();
    const afterFlush = written();
    const perChunk = Math.ceil((64 * 1024) / lineBytes);
    for (let i = 0; i < perChunk - 1; i++) spill.append(line);
    const belowChunk = written();
    spill.append(line);
    const atChunk = written();
    spill.append(line);
    const first = spill.shift();

    expect([beforeFlush, afterFlush, belowChunk, atChunk]).toEqual([
      0,
      3 * lineBytes,
      3 * lineBytes,
      // The line that would pass 64 KiB pending waits for the next write.
      (perChunk + 2) * lineBytes,
    ]);
    expect(first?.event.message).toBe('x'.repeat(1_000));
    // Reading the tail segment wrote the last line first.
    expect(written()).toBe((perChunk + 4) * lineBytes);
    spill.close();
  });

  it('deletes its files when read to the end and on close', () => {
    const spill = new SpillFile({ dir, maxBytes: 1_000_000 });
    spill.append(spill.serialize(makeEvent('a'), 1));
    spill.shift();
    const afterDrain = readdirSync(dir);
    spill.append(spill.serialize(makeEvent('b'), 1));

    spill.close();

    expect(afterDrain).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    expect(spill.count).toBe(0);
  });
});
