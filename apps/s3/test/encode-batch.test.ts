import { createHash } from 'node:crypto';
import { createGzip, gunzipSync } from 'node:zlib';
import type { FunctionContext, LogEvent } from '@logdrain/core';
import { describe, expect, it } from 'vitest';
import {
  type EncodeModules,
  encodeBatch,
  PIECE_CHARS,
} from '../src/encode-batch.js';

const modules: EncodeModules = { createHash, createGzip: () => createGzip() };

const context: FunctionContext = {
  functionName: 'fn',
  functionVersion: '$LATEST',
  region: 'eu-west-1',
  memorySizeMb: 128,
  architecture: 'x86_64',
  instanceId: 'i-1',
  extensionName: 'logdrain-s3',
};

/** `count` events whose messages are 100 characters, some multi-byte. */
function events(count: number): LogEvent[] {
  return Array.from({ length: count }, (_, n) => {
    const message = `line ${n} é€ `.padEnd(100, 'x');
    return {
      time: '2026-01-20T09:14:02.700Z',
      timeMs: 1768900442700 + n,
      type: 'function',
      stream: 'function',
      record: `${message}\n`,
      message,
      coldStart: n === 0,
      context,
    };
  });
}

const sha256 = (data: string | Buffer) =>
  createHash('sha256').update(data).digest('hex');
const sha32 = (text: string) => sha256(text).slice(0, 32);

describe('encodeBatch', () => {
  it('writes every event as one NDJSON line, in order, across pieces', async () => {
    const batch = events(3_000);
    const expected = batch
      .map((event) => `${JSON.stringify(event)}\n`)
      .join('');

    const encoded = await encodeBatch({
      batch,
      format: 'ndjson',
      compression: 'gzip',
      modules,
    });

    expect(expected.length).toBeGreaterThan(5 * PIECE_CHARS);
    expect(gunzipSync(encoded.body).toString()).toBe(expected);
    expect(encoded.hash).toBe(sha32(expected));
    // x-amz-content-sha256 covers the body as sent: the compressed bytes.
    expect(encoded.bodySha256).toBe(sha256(encoded.body));
    expect(encoded.contentEncoding).toBe('gzip');
    expect(encoded.ext).toBe('.ndjson.gz');
  });

  it('writes one JSON array, uncompressed when asked', async () => {
    const batch = events(2_000);
    const expected = JSON.stringify(batch);

    const encoded = await encodeBatch({
      batch,
      format: 'json',
      compression: 'none',
      modules,
    });

    expect(encoded.body.toString()).toBe(expected);
    expect(JSON.parse(encoded.body.toString())).toHaveLength(2_000);
    expect(encoded.hash).toBe(sha32(expected));
    expect(encoded.bodySha256).toBe(sha256(expected));
    expect(encoded.contentType).toBe('application/json');
    expect(encoded.contentEncoding).toBeUndefined();
    expect(encoded.ext).toBe('.json');
  });

  it('gives the same batch the same hash and different batches different ones', async () => {
    const encode = (batch: LogEvent[]) =>
      encodeBatch({ batch, format: 'ndjson', compression: 'gzip', modules });

    const [first, again, other] = await Promise.all([
      encode(events(10)),
      encode(events(10)),
      encode(events(11)),
    ]);

    expect(again.hash).toBe(first.hash);
    expect(other.hash).not.toBe(first.hash);
  });
});
