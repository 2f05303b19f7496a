import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { createDecoder, type LogEvent } from '@logdrain/core';
import { describe, expect, it } from 'vitest';
import { batchPieces, type WebhookFormat } from '../src/encode-batch.js';
import { encodeBody } from '../src/encode-body.js';
import { CONTEXT } from './helpers.js';

/** Telemetry events of every kind the decoder reads, 300 of them. */
function telemetry(): unknown[] {
  const raws: unknown[] = [];
  for (let i = 0; i < 300; i++) {
    // Runs of events share a millisecond, as busy functions' lines do.
    const time = new Date(
      Date.UTC(2026, 0, 20, 9, 14, 2, i >> 2)
    ).toISOString();
    const requestId = `req-${i >> 7}`;
    const kind = i % 8;
    if (kind === 0) {
      raws.push({
        time,
        type: 'platform.report',
        record: {
          requestId,
          status: 'success',
          metrics: {
            durationMs: i + 0.25,
            billedDurationMs: i + 1,
            memorySizeMB: 128,
            maxMemoryUsedMB: 70,
          },
        },
      });
    } else if (kind === 1) {
      const line = {
        timestamp: time,
        level: 'WARN',
        requestId,
        message: `json "quoted" ${i}`,
      };
      raws.push({ time, type: 'function', record: JSON.stringify(line) });
    } else if (kind === 2) {
      raws.push({
        time,
        type: 'function',
        record: `[ERROR]\t${time}\t${requestId}\tünïcode 🎉 ${i}\n`,
      });
    } else if (kind === 3) {
      raws.push({
        time,
        type: 'function',
        record: `plain\u2028text \u0001 \\ ${i}\n`,
      });
    } else if (kind === 4) {
      raws.push({
        time: 'not a time',
        type: 'extension',
        record: { level: 30, msg: `object ${i}` },
      });
    } else if (kind === 5) {
      raws.push({ time, type: 'custom.kind', record: `custom ${i}` });
    } else {
      raws.push({
        time,
        type: 'function',
        record: `${time}\t${requestId}\tINFO\tline ${i}\n`,
      });
    }
  }
  return raws;
}

function decodedBatch(): LogEvent[] {
  const decoder = createDecoder({
    context: CONTEXT,
    nowMs: () => 1_768_900_000_000,
  });
  const events = telemetry().map((raw) => decoder.decode(raw) as LogEvent);
  // One event of another environment, one whose record holds the text that
  // stands in for the shared context while serializing.
  events[140] = {
    ...(events[140] as LogEvent),
    context: { ...CONTEXT, functionName: 'billing' },
  };
  events[290] = {
    ...(events[290] as LogEvent),
    record: '\u0000logdrain:context\u0000',
  };
  return events;
}

const body = (format: WebhookFormat, events: readonly LogEvent[]) =>
  Buffer.concat(
    [...batchPieces(events, format)].map((piece) => Buffer.from(piece))
  );

const sha256 = (data: Buffer) =>
  createHash('sha256').update(data).digest('hex');

describe('batchPieces', () => {
  it('is the JSON array of the batch, byte for byte', () => {
    const events = decodedBatch();
    const json = body('json', events);

    expect(json.toString()).toBe(JSON.stringify(events));
    expect(json.length).toBe(139_171);
    expect(sha256(json)).toBe(
      'fea7c13f16019cafb1b9e424f7b25a0945e628f9ff41b771d829db71aa206a5a'
    );
  });

  it('is one JSON line per event, each ending in a newline', () => {
    const events = decodedBatch();
    const ndjson = body('ndjson', events);

    expect(ndjson.toString()).toBe(
      `${events.map((event) => JSON.stringify(event)).join('\n')}\n`
    );
    expect(ndjson.length).toBe(139_170);
    expect(sha256(ndjson)).toBe(
      '35e24d3d715db61be5edbb7d09eb2b0c022127cb87e3575d3617d5e4fd77a7a9'
    );
  });

  it('gzips to the same bytes', async () => {
    const events = decodedBatch();
    const { createGzip } = await import('node:zlib');
    const gzipped = await encodeBody(batchPieces(events, 'ndjson'), {
      createGzip,
      level: 1,
    });

    expect(gunzipSync(gzipped).equals(body('ndjson', events))).toBe(true);
  });
});
