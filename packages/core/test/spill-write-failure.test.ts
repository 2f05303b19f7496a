import { mkdtempSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { estimateEventBytes } from '../src/batcher.js';
import { createLossStats } from '../src/loss-stats.js';
import { createQueue } from '../src/queue.js';
import { SpillFile } from '../src/spill-file.js';
import { createRecordingLogger, makeEvent } from './event-helpers.js';

// A full or failing disk cannot be had on demand: writeSync is replaced.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, writeSync: vi.fn(actual.writeSync) };
});
const actual = await vi.importActual<typeof import('node:fs')>('node:fs');
const write = vi.mocked(writeSync);
const noSpace = () => {
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
  });
};
const WIDE = { maxBatchBytes: 100_000_000, maxBatchItems: 100_000 };
const CHUNK_BYTES = 64 * 1024;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdrain-spill-write-test-'));
  write.mockClear();
});
afterEach(() => {
  write.mockImplementation(actual.writeSync);
  rmSync(dir, { recursive: true, force: true });
});

describe('spill writes', () => {
  it('leaves a line untaken when writing the lines before it fails', () => {
    const spill = new SpillFile({ dir, maxBytes: 1_000_000 });
    const line = spill.serialize(makeEvent('x'.repeat(1_000)), 1);
    const fits = Math.floor(CHUNK_BYTES / Buffer.byteLength(line));
    for (let i = 0; i < fits; i++) spill.append(line);
    write.mockImplementation(noSpace);

    const append = () => spill.append(line);

    expect(append).toThrow('ENOSPC');
    expect(spill.count).toBe(fits);
    expect(write).toHaveBeenCalledTimes(1);
    spill.close();
  });

  it('counts each event once, dropped or delivered, when a spill write fails', () => {
    const stats = createLossStats();
    const log = createRecordingLogger();
    const event = (i: number) =>
      makeEvent(`event-${String(i).padStart(4, '0')}`);
    const queue = createQueue({
      maxBytes: estimateEventBytes(event(0)) * 2,
      spillMaxBytes: 1_000_000,
      spillDir: dir,
      stats,
      log,
      nowMs: () => 1_000,
    });
    const lineBytes = Buffer.byteLength(
      new SpillFile({ dir, maxBytes: 1 }).serialize(event(0), 1_000)
    );
    const pending = Math.floor(CHUNK_BYTES / lineBytes);
    const pushed = 2 + pending + 1;
    for (let i = 0; i < pushed - 1; i++) queue.push(event(i));
    write.mockImplementation(noSpace);

    queue.push(event(pushed - 1));
    const delivered = queue.take(WIDE).map((e) => e.message);

    const failure = log.entries.find((e) => e.level === 'error');
    expect(failure?.fields?.droppedRecords).toBe(pending);
    const last = event(pushed - 1).message;
    expect(delivered.filter((m) => m === last)).toEqual([last]);
    expect(delivered.length + stats.droppedQueueFull).toBe(pushed);
    expect(queue.length).toBe(0);
  });

  it('writes the rest of a short write', () => {
    const spill = new SpillFile({ dir, maxBytes: 1_000_000 });
    const events = ['one', 'two', 'three'].map((m) => makeEvent(m));
    for (const e of events) spill.append(spill.serialize(e, 7));
    write.mockImplementationOnce(((fd: number, text: string, at: number) =>
      actual.writeSync(
        fd,
        Buffer.from(text).subarray(0, 100),
        0,
        100,
        at
      )) as never);

    spill.flush();
    const read = [spill.shift(), spill.shift(), spill.shift()];

    expect(read).toEqual(events.map((event) => ({ event, enqueuedMs: 7 })));
    expect(write).toHaveBeenCalledTimes(2);
    spill.close();
  });

  it('throws when a write makes no progress', () => {
    const spill = new SpillFile({ dir, maxBytes: 1_000_000 });
    const line = spill.serialize(makeEvent('one'), 7);
    spill.append(line);
    write.mockImplementation(() => 0);

    const flush = () => spill.flush();

    expect(flush).toThrow(
      `spill write stopped at 0 of ${Buffer.byteLength(line)} bytes`
    );
    spill.close();
  });
});
