import { spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateEventBytes } from '../src/batcher.js';
import type { LogEvent } from '../src/log-event.js';
import { createLossStats } from '../src/loss-stats.js';
import { createQueue, type QueueOptions } from '../src/queue.js';
import { SpillFile } from '../src/spill-file.js';
import {
  createRecordingLogger,
  makeEvent,
  TEST_CONTEXT,
} from './event-helpers.js';

const WIDE = { maxBatchBytes: 10_000_000, maxBatchItems: 10_000 };
// Every test event has the same size: fixed-width messages.
const numbered = (i: number) =>
  makeEvent(`event-${String(i).padStart(4, '0')}`);
const EVENT_BYTES = estimateEventBytes(numbered(0));
const LINE_BYTES = Buffer.byteLength(
  new SpillFile({ dir: tmpdir(), maxBytes: 1 }).serialize(numbered(0), 1_000)
);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdrain-queue-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function makeQueue(overrides: Partial<QueueOptions> = {}) {
  const stats = createLossStats();
  const log = createRecordingLogger();
  const queue = createQueue({
    maxBytes: 1_000_000,
    spillMaxBytes: 0,
    spillDir: dir,
    stats,
    log,
    nowMs: () => 1_000,
    ...overrides,
  });
  return { queue, stats, log };
}

const messages = (events: readonly LogEvent[]) => events.map((e) => e.message);
const spillFiles = () => readdirSync(dir).filter((f) => f.endsWith('.ndjson'));

describe('createQueue: memory', () => {
  it('hands out events oldest first within the limits', () => {
    const { queue } = makeQueue();
    for (let i = 0; i < 5; i++) queue.push(numbered(i));

    const first = queue.take({ maxBatchBytes: 10_000_000, maxBatchItems: 2 });
    const rest = queue.take(WIDE);

    expect(messages(first)).toEqual(['event-0000', 'event-0001']);
    expect(messages(rest)).toEqual(['event-0002', 'event-0003', 'event-0004']);
    expect(queue.length).toBe(0);
  });

  it('cuts batches by estimated bytes', () => {
    const { queue } = makeQueue();
    for (let i = 0; i < 5; i++) queue.push(numbered(i));

    const batch = queue.take({
      maxBatchBytes: EVENT_BYTES * 2 + 3,
      maxBatchItems: 100,
    });

    expect(batch).toHaveLength(2);
  });

  it('returns an event larger than maxBatchBytes alone', () => {
    const { queue } = makeQueue();
    queue.push(makeEvent('x'.repeat(5_000)));
    queue.push(numbered(1));

    const batch = queue.take({ maxBatchBytes: 1_000, maxBatchItems: 100 });

    expect(batch).toHaveLength(1);
    expect(queue.length).toBe(1);
  });

  it('returns nothing when empty', () => {
    const { queue } = makeQueue();

    expect(queue.take(WIDE)).toEqual([]);
    expect(queue.oldestEnqueuedMs).toBeUndefined();
  });

  it('tracks length, bytes and the oldest enqueue time', () => {
    let now = 5_000;
    const { queue } = makeQueue({ nowMs: () => now });
    queue.push(numbered(0));
    now = 6_000;
    queue.push(numbered(1));

    expect(queue.length).toBe(2);
    expect(queue.bytes).toBe(EVENT_BYTES * 2);
    expect(queue.oldestEnqueuedMs).toBe(5_000);
    queue.take({ maxBatchBytes: 10_000, maxBatchItems: 1 });
    expect(queue.oldestEnqueuedMs).toBe(6_000);
    expect(queue.bytes).toBe(EVENT_BYTES);
  });

  it('puts a failed batch back at the front and hands it out unchanged', () => {
    const { queue } = makeQueue();
    for (let i = 0; i < 4; i++) queue.push(numbered(i));
    const batch = queue.take({ maxBatchBytes: 10_000_000, maxBatchItems: 2 });

    queue.unshift(batch);
    queue.push(numbered(4));

    // The same batch again, not re-cut with newer events: a destination
    // that names writes after the content replaces its unconfirmed write.
    expect(messages(queue.take(WIDE))).toEqual(['event-0000', 'event-0001']);
    expect(messages(queue.take(WIDE))).toEqual([
      'event-0002',
      'event-0003',
      'event-0004',
    ]);
  });

  it('shrinks a returned batch when its oldest events are dropped', () => {
    const { queue } = makeQueue({
      maxBytes: EVENT_BYTES * 3,
      spillMaxBytes: 0,
    });
    for (let i = 0; i < 3; i++) queue.push(numbered(i));
    const batch = queue.take(WIDE);
    queue.unshift(batch);

    queue.push(numbered(3));

    expect(messages(queue.take(WIDE))).toEqual(['event-0001', 'event-0002']);
    expect(messages(queue.take(WIDE))).toEqual(['event-0003']);
  });

  it('keeps the enqueue time of a returned batch', () => {
    let now = 1_000;
    const { queue } = makeQueue({ nowMs: () => now });
    queue.push(numbered(0));
    now = 9_000;
    const batch = queue.take(WIDE);

    queue.unshift(batch);

    expect(queue.oldestEnqueuedMs).toBe(1_000);
  });

  it('puts back more events than the front has room for', () => {
    const { queue } = makeQueue();
    queue.push(numbered(9));

    queue.unshift([numbered(0), numbered(1), numbered(2)]);

    expect(queue.bytes).toBe(EVENT_BYTES * 4);
    expect(messages(queue.take(WIDE))).toEqual([
      'event-0000',
      'event-0001',
      'event-0002',
    ]);
    expect(messages(queue.take(WIDE))).toEqual(['event-0009']);
  });

  it('keeps order across many pushes and takes', () => {
    const { queue } = makeQueue();
    const seen: string[] = [];

    for (let i = 0; i < 5_000; i++) {
      queue.push(numbered(i));
      if (i % 7 === 0)
        seen.push(
          ...messages(queue.take({ maxBatchBytes: 1e9, maxBatchItems: 5 }))
        );
    }
    while (queue.length > 0) seen.push(...messages(queue.take(WIDE)));

    expect(seen).toHaveLength(5_000);
    expect(
      seen.every((m, i) => m === `event-${String(i).padStart(4, '0')}`)
    ).toBe(true);
  });
});

describe('createQueue: spill files of earlier runs', () => {
  it('deletes the spill files of processes that no longer run, and says so', () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(
      join(dir, `logdrain-spill-${deadPid}-abc-1.ndjson`),
      '0123456789'
    );
    writeFileSync(join(dir, `logdrain-spill-${process.pid}-def-1.ndjson`), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'x');

    const { log } = makeQueue({ spillMaxBytes: 1_000_000 });

    expect(readdirSync(dir).sort()).toEqual([
      `logdrain-spill-${process.pid}-def-1.ndjson`,
      'notes.txt',
    ]);
    expect(
      log.entries.map((e) => [e.level, e.msg, e.fields?.files, e.fields?.bytes])
    ).toEqual([
      ['warn', 'removed spill files an earlier run left behind', 1, 10],
    ]);
  });
});

describe('createQueue: full memory without spill', () => {
  it('drops the oldest events and counts them', () => {
    const { queue, stats, log } = makeQueue({ maxBytes: EVENT_BYTES * 3 });

    for (let i = 0; i < 5; i++) queue.push(numbered(i));

    expect(messages(queue.take(WIDE))).toEqual([
      'event-0002',
      'event-0003',
      'event-0004',
    ]);
    expect(stats.droppedQueueFull).toBe(2);
    expect(stats.droppedBytes).toBe(EVENT_BYTES * 2);
    expect(log.entries.filter((e) => e.level === 'error')).toHaveLength(2);
  });

  it('logs the first drop, then one summary at the next take', () => {
    const { queue, log } = makeQueue({ maxBytes: EVENT_BYTES });

    for (let i = 0; i < 4; i++) queue.push(numbered(i));
    queue.take(WIDE);

    expect(
      log.entries.map((e) => [e.level, e.msg, e.fields?.droppedRecords])
    ).toEqual([
      ['error', 'queue full: dropping the oldest records', undefined],
      ['error', 'queue was full: dropped the oldest records', 3],
    ]);
  });

  it('sums up drops at most once a minute under a lasting overload', () => {
    let now = 1_000;
    const { queue, log } = makeQueue({
      maxBytes: EVENT_BYTES,
      nowMs: () => now,
    });

    // 30 s of overload: two drops between every take, one take a second.
    for (let second = 0; second < 30; second++) {
      for (let i = 0; i < 3; i++) queue.push(numbered(i));
      queue.take(WIDE);
      now += 1_000;
    }
    const within = log.entries.length;
    now += 30_000;
    queue.push(numbered(0));
    queue.push(numbered(1));
    queue.take(WIDE);

    expect(within).toBe(2);
    expect(
      log.entries.map((e) => [e.level, e.msg, e.fields?.droppedRecords])
    ).toEqual([
      ['error', 'queue full: dropping the oldest records', undefined],
      ['error', 'queue was full: dropped the oldest records', 2],
      ['error', 'queue was full: dropped the oldest records', 59],
    ]);
  });

  it('accepts one event larger than the memory cap when empty', () => {
    const { queue, stats } = makeQueue({ maxBytes: 100 });

    queue.push(makeEvent('x'.repeat(1_000)));

    expect(queue.length).toBe(1);
    expect(stats.droppedQueueFull).toBe(0);
  });
});

describe('createQueue: spill', () => {
  it('spills to an NDJSON file when memory is full and reads it back in order', async () => {
    const { queue, stats, log } = makeQueue({
      maxBytes: EVENT_BYTES * 2,
      spillMaxBytes: 1_000_000,
    });

    for (let i = 0; i < 6; i++) queue.push(numbered(i));

    expect(queue.length).toBe(6);
    expect(queue.spilledLength).toBe(4);
    const files = spillFiles();
    expect(files).toHaveLength(1);
    const path = join(dir, files[0] ?? '');
    // The turn's spilled lines are written together at its end.
    expect(readFileSync(path, 'utf8')).toBe('');
    await Promise.resolve();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).event.message)).toEqual([
      'event-0002',
      'event-0003',
      'event-0004',
      'event-0005',
    ]);
    const taken = queue.take(WIDE);
    const rest: LogEvent[] = [];
    while (queue.length > 0) rest.push(...queue.take(WIDE));
    expect(messages([...taken, ...rest])).toEqual([
      'event-0000',
      'event-0001',
      'event-0002',
      'event-0003',
      'event-0004',
      'event-0005',
    ]);
    expect(rest.every((e) => e.context === TEST_CONTEXT)).toBe(true);
    expect(stats.droppedQueueFull).toBe(0);
    expect(log.entries.map((e) => e.msg)).toEqual([
      'memory queue full: spilling to disk',
    ]);
  });

  it('restores events from disk field for field', () => {
    const { queue } = makeQueue({ maxBytes: 1, spillMaxBytes: 1_000_000 });
    const first = numbered(0);
    const second = makeEvent('{"a":1}', {
      record: { level: 'INFO', message: 'x', nested: [1, 'two', null] },
      level: 'INFO',
      requestId: 'r-1',
      coldStart: true,
    });

    queue.push(first);
    queue.push(second);
    queue.take({ maxBatchBytes: 1e9, maxBatchItems: 1 });
    const [restored] = queue.take(WIDE);

    expect(restored).toEqual(second);
  });

  it('deletes spill files once drained', () => {
    const { queue } = makeQueue({
      maxBytes: EVENT_BYTES,
      spillMaxBytes: 1_000_000,
    });
    for (let i = 0; i < 3; i++) queue.push(numbered(i));

    while (queue.length > 0) queue.take(WIDE);

    expect(spillFiles()).toEqual([]);
  });

  it('drops the oldest when memory and spill are full', () => {
    const { queue, stats } = makeQueue({
      maxBytes: EVENT_BYTES * 3,
      spillMaxBytes: LINE_BYTES * 4,
    });

    for (let i = 0; i < 10; i++) queue.push(numbered(i));

    expect(queue.length).toBe(7);
    expect(stats.droppedQueueFull).toBe(3);
    expect(stats.droppedBytes).toBe(EVENT_BYTES * 3);
    const all: LogEvent[] = [];
    while (queue.length > 0) all.push(...queue.take(WIDE));
    expect(messages(all)).toEqual([
      'event-0003',
      'event-0004',
      'event-0005',
      'event-0006',
      'event-0007',
      'event-0008',
      'event-0009',
    ]);
  });

  it('keeps order for a line larger than the spill cap', () => {
    const { queue, stats } = makeQueue({
      maxBytes: EVENT_BYTES * 5,
      spillMaxBytes: LINE_BYTES * 2,
    });
    const big = makeEvent('b'.repeat(Math.floor(EVENT_BYTES * 0.75)));
    const bigBytes = estimateEventBytes(big);
    for (let i = 0; i < 7; i++) queue.push(numbered(i));

    queue.push(big);

    expect(bigBytes).toBeGreaterThan(EVENT_BYTES * 2);
    expect(bigBytes).toBeLessThanOrEqual(EVENT_BYTES * 3);
    const all: LogEvent[] = [];
    while (queue.length > 0) all.push(...queue.take(WIDE));
    expect(messages(all)).toEqual(['event-0005', 'event-0006', big.message]);
    expect(stats.droppedQueueFull).toBe(5);
  });

  it('does not drop when refilling memory from disk', () => {
    const { queue, stats } = makeQueue({
      maxBytes: EVENT_BYTES * 2,
      spillMaxBytes: 1_000_000,
    });
    for (let i = 0; i < 20; i++) queue.push(numbered(i));

    let taken = 0;
    while (queue.length > 0)
      taken += queue.take({ maxBatchBytes: 1e9, maxBatchItems: 3 }).length;

    expect(taken).toBe(20);
    expect(stats.droppedQueueFull).toBe(0);
  });

  it('moves many events and long lines through several segment files', () => {
    const { queue, stats } = makeQueue({
      maxBytes: 50_000,
      spillMaxBytes: 4_000_000,
    });
    const long = 'y'.repeat(150_000);
    const pushed: string[] = [];

    for (let i = 0; i < 3_000; i++) {
      const event = i % 500 === 7 ? makeEvent(`${i} ${long}`) : numbered(i);
      pushed.push(event.message);
      queue.push(event);
    }
    const segments = spillFiles().length;
    const seen: string[] = [];
    while (queue.length > 0)
      seen.push(
        ...messages(queue.take({ maxBatchBytes: 1e9, maxBatchItems: 100 }))
      );

    expect(segments).toBeGreaterThan(1);
    expect(seen).toEqual(pushed);
    expect(stats.droppedQueueFull).toBe(0);
    expect(spillFiles()).toEqual([]);
  });

  it('removes the spill file on close', async () => {
    const { queue } = makeQueue({ maxBytes: 1, spillMaxBytes: 1_000_000 });
    for (let i = 0; i < 3; i++) queue.push(numbered(i));

    await queue.close();

    expect(spillFiles()).toEqual([]);
  });

  it('counts spilled events as dropped when the spill file cannot be read', async () => {
    const { queue, stats, log } = makeQueue({
      maxBytes: EVENT_BYTES * 2,
      spillMaxBytes: 1_000_000,
    });
    for (let i = 0; i < 5; i++) queue.push(numbered(i));
    await Promise.resolve();
    const [file] = spillFiles();
    const path = join(dir, file ?? '');
    writeFileSync(path, 'x'.repeat(readFileSync(path).length));

    const taken = queue.take(WIDE);

    expect(messages(taken)).toEqual(['event-0000', 'event-0001']);
    expect(queue.length).toBe(0);
    expect(stats.droppedQueueFull).toBe(3);
    expect(log.entries.at(-1)?.msg).toBe(
      'spill file failed: spilling disabled'
    );
  });

  it('disables spilling when the disk fails and keeps working in memory', () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const { queue, stats, log } = makeQueue({
      maxBytes: EVENT_BYTES * 2,
      spillMaxBytes: 1_000_000,
      spillDir: join(blocker, 'spill'),
    });

    for (let i = 0; i < 4; i++) queue.push(numbered(i));

    expect(messages(queue.take(WIDE))).toEqual(['event-0002', 'event-0003']);
    expect(stats.droppedQueueFull).toBe(2);
    expect(log.entries[0]?.msg).toBe('spill file failed: spilling disabled');
  });
});
