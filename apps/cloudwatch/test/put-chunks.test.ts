import { describe, expect, it } from 'vitest';
import {
  EVENT_OVERHEAD_BYTES,
  encodeEvent,
  MAX_MESSAGE_BYTES,
} from '../src/encode-event.js';
import {
  MAX_CALL_BYTES,
  type PutChunk,
  planPutCalls,
} from '../src/put-chunks.js';
import { lineEvent } from './helpers.js';

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2026, 10, 27, 0, 0, 0);
const NAMES = { logGroupName: '/logdrain/test', logStreamName: 'plan' };

/** The events of a call as its request body carries them. */
function logEventsOf(chunk: PutChunk | undefined) {
  const body = JSON.parse(chunk?.body.toString() ?? '{}') as {
    logGroupName: string;
    logStreamName: string;
    logEvents: Array<{ timestamp: number; message: string }>;
  };
  expect([body.logGroupName, body.logStreamName]).toEqual([
    NAMES.logGroupName,
    NAMES.logStreamName,
  ]);
  return body.logEvents;
}

describe('planPutCalls', () => {
  it('starts a new call once 24 hours separate an event from the first of the call', () => {
    const batch = [0, 10, 23.99, 24, 30, 47.9, 48].map((hours) =>
      lineEvent({ message: `${hours} h`, timeMs: T0 + hours * HOUR_MS })
    );

    const chunks = planPutCalls({ batch, format: 'text', ...NAMES });

    expect(chunks.map((c) => logEventsOf(c).map((e) => e.message))).toEqual([
      ['0 h', '10 h', '23.99 h'],
      ['24 h', '30 h', '47.9 h'],
      ['48 h'],
    ]);
  });

  it('fills a call to exactly 1,048,576 bytes and no further', () => {
    // 4 events of 262,118 bytes count 262,144 each: exactly the limit.
    const message = 'm'.repeat(MAX_MESSAGE_BYTES);
    const batch = Array.from({ length: 5 }, (_, n) =>
      lineEvent({ message, timeMs: T0 + n })
    );

    const chunks = planPutCalls({ batch, format: 'text', ...NAMES });

    expect(chunks.map((c) => [c.events.length, c.bytes])).toEqual([
      [4, MAX_CALL_BYTES],
      [1, MAX_MESSAGE_BYTES + EVENT_OVERHEAD_BYTES],
    ]);
  });

  it('sorts by time without changing the batch', () => {
    const batch = [3, 1, 2].map((n) =>
      lineEvent({ message: `#${n}`, timeMs: T0 + n })
    );
    const before = [...batch];

    const [chunk] = planPutCalls({ batch, format: 'text', ...NAMES });

    expect(logEventsOf(chunk).map((e) => e.message)).toEqual([
      '#1',
      '#2',
      '#3',
    ]);
    expect(logEventsOf(chunk).map((e) => e.timestamp)).toEqual([
      T0 + 1,
      T0 + 2,
      T0 + 3,
    ]);
    expect(batch).toEqual(before);
  });
});

describe('the PutLogEvents body', () => {
  it('is the request JSON byte for byte, escapes and multi-byte characters included', () => {
    const messages = ['a "quoted"\nline', '🚀 é\t\\', '\u0001'];
    const batch = messages.map((message, n) =>
      lineEvent({ message, timeMs: T0 + n })
    );

    const chunks = planPutCalls({ batch, format: 'text', ...NAMES });

    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.body.toString()).toBe(
      JSON.stringify({
        ...NAMES,
        logEvents: messages.map((message, n) => ({
          timestamp: T0 + n,
          message,
        })),
      })
    );
  });
  it('grows past 2 MiB for messages that escaping doubles', () => {
    // 4 messages of 262,118 quotes: 1,048,576 counted bytes, ~2.1 MB escaped.
    const message = '"'.repeat(MAX_MESSAGE_BYTES);
    const batch = Array.from({ length: 4 }, (_, n) =>
      lineEvent({ message, timeMs: T0 + n })
    );

    const chunks = planPutCalls({ batch, format: 'text', ...NAMES });

    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.body.length).toBeGreaterThan(2 * 1_048_576);
    expect(chunks[0]?.body.toString()).toBe(
      JSON.stringify({
        ...NAMES,
        logEvents: batch.map((_, n) => ({ timestamp: T0 + n, message })),
      })
    );
  });
});

describe('encodeEvent', () => {
  it('writes an empty text line as one space', () => {
    expect(encodeEvent(lineEvent({ message: '', timeMs: T0 }), 'text')).toBe(
      ' '
    );
  });

  it('cuts at a character boundary, never inside a UTF-8 sequence', () => {
    const message = '🚀'.repeat(70_000); // 4 bytes each: 280,000 bytes

    const text = encodeEvent(lineEvent({ message, timeMs: T0 }), 'text');

    expect(text).not.toContain('\uFFFD');
    expect(text.endsWith(' …[truncated by logdrain: 280000 bytes]')).toBe(true);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });
});
