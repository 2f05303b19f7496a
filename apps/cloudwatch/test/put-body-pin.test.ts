import { createHash } from 'node:crypto';
import type { LogEvent } from '@logdrain/core';
import { describe, expect, it } from 'vitest';
import { encodeEvent, MAX_MESSAGE_BYTES } from '../src/encode-event.js';
import { planPutCalls } from '../src/put-chunks.js';
import { lineEvent } from './helpers.js';

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2026, 0, 20, 9, 14, 2);
const NAMES = { logGroupName: '/logdrain/pin', logStreamName: 'bodies' };

/**
 * 10,050 events: more than one call holds (10,000 events), out of time
 * order with runs sharing a millisecond, escapes and multi-byte characters,
 * one message over the event limit and one 25 hours after the rest.
 */
function pinBatch(): LogEvent[] {
  const batch: LogEvent[] = [];
  for (let i = 0; i < 10_050; i++) {
    const kind = i % 5;
    const message =
      kind === 0
        ? `line ${i}`
        : kind === 1
          ? `json "quoted" {"n":${i}}`
          : kind === 2
            ? `ünïcode 🎉 ${i}\u2028\u0001\\`
            : kind === 3
              ? JSON.stringify({ level: 'WARN', message: `obj ${i}` })
              : `tab\there ${i}\n`;
    batch.push(lineEvent({ message, timeMs: T0 + ((i * 7919) % 4_001) / 4 }));
  }
  batch.push(
    lineEvent({ message: 'x'.repeat(MAX_MESSAGE_BYTES + 1), timeMs: T0 + 5 })
  );
  batch.push(lineEvent({ message: 'next day', timeMs: T0 + 25 * HOUR_MS }));
  return batch;
}

const sha256 = (body: Buffer) =>
  createHash('sha256').update(body).digest('hex');

describe('the PutLogEvents bodies of a fixed batch', () => {
  for (const format of ['json', 'text'] as const) {
    it(`are pinned byte for byte (${format})`, () => {
      const batch = pinBatch();

      const chunks = planPutCalls({ batch, format, ...NAMES });

      const sorted = [...batch].sort(
        (a, b) => Math.floor(a.timeMs) - Math.floor(b.timeMs)
      );
      let at = 0;
      for (const chunk of chunks) {
        const events = sorted.slice(at, at + chunk.events.length);
        at += events.length;
        expect(chunk.body.toString()).toBe(
          JSON.stringify({
            ...NAMES,
            logEvents: events.map((event) => ({
              timestamp: Math.floor(event.timeMs),
              message: encodeEvent(event, format),
            })),
          })
        );
      }
      expect(at).toBe(batch.length);
      expect(
        chunks.map((c) => [c.events.length, c.body.length, sha256(c.body)])
      ).toEqual(PINNED[format]);
    });
  }
});

const PINNED = {
  json: [
    [
      2923,
      1225616,
      '44dd12c72dd64888826301640652ed78963b7f34ece21dfd55151dc89a138e72',
    ],
    [
      3898,
      1284795,
      'ff81e9d910e368d669cba22edae7b5ff194c639e59172ad3514c0285266d9c47',
    ],
    [
      3230,
      1064359,
      'f440572be40d39c7cf779a8b10e095d0a6becb31eca330ff2feeda63be30aad7',
    ],
    [
      1,
      354,
      '4849d1b7ce3c3204bdf7fd892eb6c81bda53fc735f6e773a864a220d70db8523',
    ],
  ],
  text: [
    [
      10000,
      927100,
      '14807ebe667d2e9a0535cdf933a75c5bf99411dfa9efd41804e9e33e08c3f607',
    ],
    [
      51,
      3471,
      '7e9f9ab1526cad3a6b1e60c3e09ab81752e933d986b943656bdf2587da92accb',
    ],
    [
      1,
      120,
      '1e844d382cab8b9be02f840b3c7ab44d1255af6d201e2de8a1c8c044e4e991ec',
    ],
  ],
};
