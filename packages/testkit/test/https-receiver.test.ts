import { request } from 'node:https';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type HttpsReceiver, startHttpsReceiver } from '../src/index.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

function post(
  receiver: HttpsReceiver,
  body: string | Buffer,
  opts: { headers?: Record<string, string>; ca?: string | null } = {}
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${receiver.url}?q=1`,
      {
        method: 'POST',
        headers: opts.headers,
        ...(opts.ca === null ? {} : { ca: opts.ca ?? receiver.ca }),
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers })
        );
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('startHttpsReceiver', () => {
  it('records a JSON array POST with its path, headers and records', async () => {
    await using receiver = await startHttpsReceiver();

    const answer = await post(receiver, '[{"a":1},{"b":2}]', {
      headers: { 'x-test': 'yes', 'content-type': 'application/json' },
    });

    expect(answer.status).toBe(200);
    expect(receiver.url).toBe(`https://127.0.0.1:${receiver.port}/ingest`);
    expect(receiver.requests).toHaveLength(1);
    const [seen] = receiver.requests;
    expect(seen?.method).toBe('POST');
    expect(seen?.path).toBe('/ingest?q=1');
    expect(seen?.headers['x-test']).toBe('yes');
    expect(seen?.records).toEqual([{ a: 1 }, { b: 2 }]);
    expect(seen?.status).toBe(200);
    expect(receiver.acceptedRecords).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('gunzips a gzip body and parses NDJSON', async () => {
    await using receiver = await startHttpsReceiver();
    const raw = gzipSync('{"n":1}\n{"n":2}\n{"n":3}\n');

    await post(receiver, raw, { headers: { 'content-encoding': 'gzip' } });

    const [seen] = receiver.requests;
    expect(seen?.rawBody).toEqual(raw);
    expect(seen?.body.toString()).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
    expect(seen?.records).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('keeps an unparseable body and says why', async () => {
    await using receiver = await startHttpsReceiver();

    await post(receiver, '{not json');

    expect(receiver.requests[0]?.records).toBeUndefined();
    expect(receiver.requests[0]?.decodeError).toMatch(/^parse: /);
    expect(receiver.acceptedRecords).toEqual([]);
  });

  it('answers scripted replies in order with their headers, then 200', async () => {
    await using receiver = await startHttpsReceiver({
      replies: [503, { status: 429, headers: { 'retry-after': '2' } }],
    });

    const answers = [
      await post(receiver, '[1]'),
      await post(receiver, '[2]'),
      await post(receiver, '[3]'),
    ];

    expect(answers.map((a) => a.status)).toEqual([503, 429, 200]);
    expect(answers[1]?.headers['retry-after']).toBe('2');
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 429, 200]);
    expect(receiver.acceptedRecords).toEqual([3]);
  });

  it('lets statusFor decide per request and falls through on undefined', async () => {
    await using receiver = await startHttpsReceiver({
      replies: [202],
      statusFor: (req) => (req.records?.[0] === 'bad' ? 400 : undefined),
    });

    const first = await post(receiver, '["bad"]');
    const second = await post(receiver, '["good"]');

    expect([first.status, second.status]).toEqual([400, 202]);
  });

  it('forces a status with setStatus until it is cleared', async () => {
    await using receiver = await startHttpsReceiver();

    receiver.setStatus(500);
    const forced = await post(receiver, '[1]');
    receiver.setStatus(undefined);
    const normal = await post(receiver, '[2]');

    expect([forced.status, normal.status]).toEqual([500, 200]);
  });

  it('holds answers while paused and sends them on resume', async () => {
    await using receiver = await startHttpsReceiver();
    receiver.pause();

    const pending = post(receiver, '[1]');
    await receiver.waitFor((r) => r.requests.length === 1);
    const statusWhileHeld = receiver.requests[0]?.status;
    receiver.resume();
    const answer = await pending;

    expect(statusWhileHeld).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(receiver.requests[0]?.status).toBe(200);
  });

  it('is refused by a client that does not trust its certificate', async () => {
    await using receiver = await startHttpsReceiver();

    const attempt = post(receiver, '[1]', { ca: null });

    await expect(attempt).rejects.toThrow(/self-signed certificate/);
    expect(receiver.requests).toHaveLength(0);
  });

  it('rejects waitFor after the timeout, naming what it saw', async () => {
    await using receiver = await startHttpsReceiver();
    await post(receiver, '[1,2]');

    const wait = receiver.waitFor((r) => r.acceptedRecords.length > 5, {
      timeoutMs: 20,
    });

    await expect(wait).rejects.toThrow(
      'receiver: condition not met within 20 ms (1 requests, 2 accepted records)'
    );
  });

  it('counts TLS connections', async () => {
    await using receiver = await startHttpsReceiver();

    await post(receiver, '[1]');
    await post(receiver, '[2]');

    expect(receiver.connections).toBe(2);
  });
});
