import { randomUUID } from 'node:crypto';
import type { LogEvent } from '@logdrain/core';
import { type MotoPeer, startFaultProxy, startMoto } from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudwatchConfig } from '../src/config.js';
import { createCloudwatchDestination } from '../src/destination.js';
import { MAX_MESSAGE_BYTES } from '../src/encode-event.js';
import {
  CONTEXT,
  jsonMessages,
  lineEvent,
  sendContext,
  silentLogger,
  testConfig,
} from './helpers.js';
import {
  createGroupAndStream,
  directClient,
  type LogsReader,
  readStream,
} from './moto-logs.js';

const HOUR_MS = 3_600_000;
const STREAM = 'limits';

/** `count` lines of `bytes` ASCII characters each, a millisecond apart. */
function lines(opts: { count: number; bytes: number; startMs: number }) {
  return Array.from({ length: opts.count }, (_, n) => {
    const head = `line ${n} `;
    return lineEvent({
      message: head + 'x'.repeat(Math.max(0, opts.bytes - head.length)),
      timeMs: opts.startMs + n,
    });
  });
}

describe('the cloudwatch destination against moto: PutLogEvents limits', () => {
  let moto: MotoPeer;
  let reader: LogsReader;

  beforeAll(async () => {
    moto = await startMoto();
    reader = directClient(moto.url);
  }, 120_000);

  afterAll(async () => {
    reader?.destroy();
    await moto?.stop();
  });

  /**
   * Sends one batch through a counting proxy to an existing log stream
   * (create off, so the proxy sees PutLogEvents calls only).
   */
  async function sendBatch(
    batch: readonly LogEvent[],
    overrides: Partial<CloudwatchConfig> = {}
  ) {
    const logGroup = `/logdrain/limits-${randomUUID()}`;
    await createGroupAndStream(reader, logGroup, STREAM);
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    const destination = await createCloudwatchDestination(
      testConfig(proxy.rewrite(moto.url), {
        logGroup,
        logStreamTemplate: STREAM,
        create: false,
        ...overrides,
      }),
      { context: CONTEXT, log: silentLogger }
    );
    const outcome = await destination.send(batch, sendContext());
    await destination.close?.();
    const stored = await readStream(reader, logGroup, STREAM);
    return { outcome, calls: proxy.requests, stored };
  }

  it('splits a 1.2 MiB batch into two calls', async () => {
    // 1,200 events of 1,024 bytes count 1,050 bytes each: 1,260,000 in all.
    const batch = lines({ count: 1_200, bytes: 1_024, startMs: Date.now() });

    const { outcome, calls, stored } = await sendBatch(batch, {
      format: 'text',
    });

    expect(outcome).toEqual({ status: 'delivered' });
    expect(calls).toBe(2);
    expect(stored.map((e) => e.message)).toEqual(batch.map((e) => e.message));
  }, 60_000);

  it('splits 12,000 events into two calls', async () => {
    // 46 bytes each, 552,000 in all: only the 10,000-event limit applies.
    const batch = lines({ count: 12_000, bytes: 20, startMs: Date.now() });

    const { outcome, calls, stored } = await sendBatch(batch, {
      format: 'text',
    });

    expect(outcome).toEqual({ status: 'delivered' });
    expect(calls).toBe(2);
    expect(stored.map((e) => e.message)).toEqual(batch.map((e) => e.message));
  }, 60_000);

  it('puts events spanning 30 hours in separate calls', async () => {
    const nowMs = Date.now();
    const batch = [-30, -20, -6, -1, 0].map((hours, n) =>
      lineEvent({
        message: `at ${hours} h #${n}`,
        timeMs: nowMs + hours * HOUR_MS,
      })
    );

    const { outcome, calls, stored } = await sendBatch(batch);

    expect(outcome).toEqual({ status: 'delivered' });
    // [-30 h, -20 h] then [-6 h, 0 h]: -6 h is 24 h after -30 h.
    expect(calls).toBe(2);
    expect(jsonMessages(stored)).toEqual(batch.map((e) => e.message));
  }, 60_000);

  it('truncates a text event over 256 KiB with a marker naming its size', async () => {
    const nowMs = Date.now();
    const big = lineEvent({ message: 'é'.repeat(150_000), timeMs: nowMs });
    const next = lineEvent({ message: 'after the big one', timeMs: nowMs + 1 });

    const { outcome, calls, stored } = await sendBatch([big, next], {
      format: 'text',
    });

    expect(outcome).toEqual({ status: 'delivered' });
    expect(calls).toBe(1);
    expect(stored).toHaveLength(2);
    const first = stored[0]?.message ?? '';
    expect(first.endsWith(' …[truncated by logdrain: 300000 bytes]')).toBe(
      true
    );
    expect(first.startsWith('éééé')).toBe(true);
    expect(Buffer.byteLength(first)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(Buffer.byteLength(first)).toBeGreaterThan(MAX_MESSAGE_BYTES - 64);
    expect(stored[1]?.message).toBe('after the big one');
  }, 60_000);

  it('leaves out the record, then cuts the message, of a JSON event over 256 KiB', async () => {
    const nowMs = Date.now();
    // 200 KB: fits alone, not with its record repeating it.
    const large = lineEvent({ message: 'a'.repeat(200_000), timeMs: nowMs });
    const huge = lineEvent({ message: '"'.repeat(200_000), timeMs: nowMs + 1 });

    const { outcome, stored } = await sendBatch([large, huge]);

    expect(outcome).toEqual({ status: 'delivered' });
    const [first, second] = stored.map(
      (e) => JSON.parse(e.message) as Record<string, unknown>
    );
    expect(first).toMatchObject({ message: large.message, truncated: true });
    expect(first).not.toHaveProperty('record');
    // Each quote is escaped to two bytes: the message must be cut.
    const cut = String(second?.message);
    expect(cut.endsWith(' …[truncated by logdrain: 200000 bytes]')).toBe(true);
    expect(Buffer.byteLength(stored[1]?.message ?? '')).toBeLessThanOrEqual(
      MAX_MESSAGE_BYTES
    );
  }, 60_000);

  it('sorts events out of order, keeping the order of equal timestamps', async () => {
    const nowMs = Date.now();
    const batch = [
      lineEvent({ message: 'third', timeMs: nowMs + 20 }),
      lineEvent({ message: 'first', timeMs: nowMs }),
      lineEvent({ message: 'second a', timeMs: nowMs + 10 }),
      lineEvent({ message: 'second b', timeMs: nowMs + 10 }),
      lineEvent({ message: 'second c', timeMs: nowMs + 10 }),
    ];

    const { outcome, calls, stored } = await sendBatch(batch);

    expect(outcome).toEqual({ status: 'delivered' });
    expect(calls).toBe(1);
    expect(jsonMessages(stored)).toEqual([
      'first',
      'second a',
      'second b',
      'second c',
      'third',
    ]);
  }, 60_000);
});
