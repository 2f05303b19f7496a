import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createDecoder } from '../src/decode.js';
import { createEventIntake } from '../src/event-intake.js';
import { createInvokeTracker } from '../src/invoke-tracker.js';
import type { LogEvent, LogStream } from '../src/log-event.js';
import { createLossStats } from '../src/loss-stats.js';
import { createPipeline } from '../src/pipeline.js';
import { createQueue, type EventQueue } from '../src/queue.js';
import { createRecordingLogger, TEST_CONTEXT } from './event-helpers.js';

function setup(types: LogStream[] = ['platform', 'function'], nowMs = () => 0) {
  const stats = createLossStats();
  const queue = realQueue(stats);
  const queued = {
    get all() {
      return drain(queue);
    },
  };
  const tracker = createInvokeTracker();
  const log = createRecordingLogger();
  const onEvents = createEventIntake({
    decoder: createDecoder({ context: TEST_CONTEXT }),
    tracker,
    pipeline: createPipeline({ exclude: /health/, stats }),
    queue,
    stats,
    log,
    types,
    extensionName: 'logdrain-webhook',
    nowMs,
  });
  return { onEvents, stats, queued, tracker, log };
}

function realQueue(stats: ReturnType<typeof createLossStats>): EventQueue {
  return createQueue({
    maxBytes: 1024 * 1024,
    spillMaxBytes: 0,
    spillDir: tmpdir(),
    stats,
    log: createRecordingLogger(),
  });
}

function drain(queue: EventQueue): LogEvent[] {
  return queue.take({ maxBatchBytes: 1e9, maxBatchItems: 1e6 });
}

const fn = (record: string) => ({
  time: '2026-01-20T09:14:02.700Z',
  type: 'function',
  record,
});
const runtimeDone = {
  time: '2026-01-20T09:14:02.781Z',
  type: 'platform.runtimeDone',
  record: { requestId: 'req-1', status: 'success' },
};
const dropped = (n: number) => ({
  time: '2026-01-20T09:15:40.006Z',
  type: 'platform.logsDropped',
  record: { droppedBytes: 100, droppedRecords: n, reason: 'slow consumer' },
});

describe('createEventIntake', () => {
  it('decodes, filters and queues, counting every event', () => {
    const { onEvents, stats, queued } = setup();

    onEvents([fn('hello\n'), fn('health check\n'), 42, runtimeDone]);

    expect(queued.all.map((e) => e.message)).toEqual([
      'hello',
      expect.stringContaining('RequestId: req-1'),
    ]);
    expect(stats).toMatchObject({ received: 3, filtered: 1, unparseable: 1 });
  });

  it('lets the tracker see platform events that are not shipped', () => {
    const { onEvents, stats, queued, tracker } = setup(['function']);

    onEvents([runtimeDone, fn('kept\n')]);

    expect(tracker.hasRuntimeDone('req-1')).toBe(true);
    expect(queued.all.map((e) => e.type)).toEqual(['function']);
    expect(stats.filtered).toBe(1);
  });

  it('does not ship its own log lines from the extension stream', () => {
    const { onEvents, queued, stats } = setup(['extension']);
    const own =
      '{"time":"x","level":"warn","component":"logdrain-webhook","msg":"m"}\n';
    const child =
      '{"time":"x","level":"warn","component":"logdrain-webhook.sender","msg":"m"}\n';
    const other = 'another extension says hi\n';

    onEvents(
      [own, child, other].map((record) => ({
        ...fn(record),
        type: 'extension',
      }))
    );

    expect(queued.all.map((e) => e.record)).toEqual([other]);
    expect(stats.filtered).toBe(2);
  });

  it('counts platform.logsDropped and logs the first report, then one per minute', () => {
    let now = 0;
    const { onEvents, stats, log, queued } = setup(undefined, () => now);

    onEvents([dropped(10)]);
    now = 30_000;
    onEvents([dropped(5)]);
    now = 60_000;
    onEvents([dropped(1)]);

    expect(stats.platformDropped).toBe(16);
    expect(queued.all).toHaveLength(3);
    expect(log.entries.map((e) => [e.level, e.msg])).toEqual([
      [
        'error',
        'Lambda dropped 10 records before they reached the extension (platform.logsDropped)',
      ],
      [
        'error',
        'Lambda dropped 6 records before they reached the extension (platform.logsDropped)',
      ],
    ]);
  });

  it('counts an event whose handling throws and keeps the rest of the batch', () => {
    const stats = createLossStats();
    const queue = realQueue(stats);
    const log = createRecordingLogger();
    let calls = 0;
    const onEvents = createEventIntake({
      decoder: createDecoder({ context: TEST_CONTEXT }),
      tracker: createInvokeTracker(),
      pipeline: (event) => {
        calls += 1;
        if (calls === 1) throw new Error('bug');
        return event;
      },
      queue,
      stats,
      log,
      types: ['function'],
      extensionName: 'x',
    });

    onEvents([fn('a\n'), fn('b\n'), fn('c\n')]);

    expect(drain(queue)).toHaveLength(2);
    expect(stats.unparseable).toBe(1);
    expect(log.entries).toHaveLength(1);
  });

  it('counts an event whose handling throws once, as unparseable, not also as received', () => {
    const stats = createLossStats();
    const queue = realQueue(stats);
    const onEvents = createEventIntake({
      decoder: createDecoder({ context: TEST_CONTEXT }),
      tracker: createInvokeTracker(),
      pipeline: (event) => {
        if (event.message === 'b') throw new Error('bug');
        return event;
      },
      queue,
      stats,
      log: createRecordingLogger(),
      types: ['function'],
      extensionName: 'x',
    });

    onEvents([fn('a\n'), fn('b\n'), fn('c\n')]);

    expect(drain(queue)).toHaveLength(2);
    expect(stats).toMatchObject({ received: 2, unparseable: 1, filtered: 0 });
  });
});
