import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createAwsClient } from '../src/aws-client.js';
import { postAwsJson } from '../src/aws-json-call.js';
import {
  amzDateMs,
  CREDENTIALS,
  clientFor,
  ok,
  startServer,
} from './support/aws-test-server.js';

describe('createAwsClient and a server clock far off', () => {
  it('signs again at the server’s clock when a 4xx comes from a clock over 4 minutes off, and keeps that clock', async () => {
    const aheadMs = 3_600_000;
    const skewed = (res: ServerResponse) =>
      res
        .writeHead(400, {
          date: new Date(Date.now() + aheadMs).toUTCString(),
          'content-type': 'application/x-amz-json-1.1',
        })
        .end(
          '{"__type":"InvalidSignatureException","message":"Signature expired: 20260120T091402Z is now earlier than 20260120T101402Z"}'
        );
    await using server = await startServer([skewed, ok, ok]);
    const client = await clientFor(server.origin);
    const call = () =>
      postAwsJson(client, {
        target: 'Logs_20140328.X',
        body: Buffer.from('{}'),
      });

    const first = await call();
    const second = await call();
    await client.close();

    expect([first.status, second.status]).toEqual([200, 200]);
    const signedAt = server.seen.map((r) => amzDateMs(r.headers) - Date.now());
    expect(signedAt).toHaveLength(3);
    expect(Math.abs(signedAt[0] ?? 0)).toBeLessThan(10_000);
    expect(Math.abs((signedAt[1] ?? 0) - aheadMs)).toBeLessThan(10_000);
    expect(Math.abs((signedAt[2] ?? 0) - aheadMs)).toBeLessThan(10_000);
  });

  it('hands back a 4xx from a clock within 4 minutes as it came, sent once', async () => {
    const denied = (res: ServerResponse) =>
      res
        .writeHead(400, { date: new Date(Date.now() + 120_000).toUTCString() })
        .end('{"__type":"AccessDeniedException","message":"no"}');
    await using server = await startServer([denied]);
    const client = await clientFor(server.origin);

    const answer = await postAwsJson(client, {
      target: 'Logs_20140328.X',
      body: Buffer.from('{}'),
    });
    await client.close();

    expect(answer.status).toBe(400);
    expect(server.seen).toHaveLength(1);
  });

  it('hands back a 5xx from a clock over 4 minutes off as it came, sent once, and keeps its own clock', async () => {
    const unavailable = (res: ServerResponse) =>
      res
        .writeHead(503, {
          date: new Date(Date.now() + 3_600_000).toUTCString(),
        })
        .end('{"__type":"ServiceUnavailableException","message":"later"}');
    await using server = await startServer([unavailable, ok]);
    const client = await clientFor(server.origin);
    const call = () =>
      postAwsJson(client, {
        target: 'Logs_20140328.X',
        body: Buffer.from('{}'),
      });

    const first = await call();
    const second = await call();
    await client.close();

    expect([first.status, second.status]).toEqual([503, 200]);
    const signedAt = server.seen.map((r) => amzDateMs(r.headers) - Date.now());
    expect(signedAt).toHaveLength(2);
    expect(Math.abs(signedAt[1] ?? 0)).toBeLessThan(10_000);
  });

  it('does not send again once the signal is aborted after a skewed 4xx', async () => {
    const skewed = (res: ServerResponse) =>
      res
        .writeHead(403, {
          date: new Date(Date.now() + 3_600_000).toUTCString(),
        })
        .end(
          '{"__type":"InvalidSignatureException","message":"Signature expired"}'
        );
    await using server = await startServer([skewed, ok]);
    const controller = new AbortController();
    let signings = 0;
    const client = await createAwsClient({
      endpoint: server.origin,
      service: 'logs',
      region: 'eu-west-1',
      // Asked once per signing: the second is the re-send's.
      credentials: async () => {
        signings += 1;
        if (signings === 2) controller.abort(new Error('flush deadline'));
        return CREDENTIALS;
      },
      connectTimeoutMs: 2_000,
      timeoutMs: 5_000,
    });

    const sent = postAwsJson(client, {
      target: 'Logs_20140328.X',
      body: Buffer.from('{}'),
      signal: controller.signal,
    });
    await expect(sent).rejects.toThrow('flush deadline');
    await client.close();

    expect([signings, server.seen.length]).toEqual([2, 1]);
  });
});
