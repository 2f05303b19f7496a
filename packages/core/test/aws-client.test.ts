import {
  createServer,
  type IncomingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAwsClient } from '../src/aws-client.js';
import { postAwsJson } from '../src/aws-json-call.js';
import { createSigV4Signer } from '../src/aws-sigv4.js';

// The example credentials of AWS's Signature Version 4 test suite.
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const PUT_BODY =
  '{"logGroupName":"/aws/lambda/orders","logStreamName":"2026/01/20/logdrain/c0ffee00","logEvents":[{"timestamp":1768900442000,"message":"hello"}]}';

interface Seen {
  readonly headers: IncomingHttpHeaders;
  readonly path: string;
  readonly body: string;
}

/** A server answering each request with the next of `answers`. */
async function startServer(
  answers: Array<(res: ServerResponse) => void>
): Promise<AsyncDisposable & { origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        headers: req.headers,
        path: req.url ?? '',
        body: Buffer.concat(chunks).toString(),
      });
      const answer = answers.shift() ?? ((r) => r.writeHead(500).end());
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const ok = (res: ServerResponse) =>
  res
    .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
    .end('{}');

/** The signing time of a request, from its x-amz-date. */
function amzDateMs(headers: IncomingHttpHeaders): number {
  const d = String(headers['x-amz-date']);
  return Date.parse(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`
  );
}

const clientFor = (endpoint: string) =>
  createAwsClient({
    endpoint,
    service: 'logs',
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    connectTimeoutMs: 2_000,
    timeoutMs: 5_000,
  });

describe('createAwsClient', () => {
  it('signs a JSON 1.1 PutLogEvents call to the signature @smithy/signature-v4 gives it', async () => {
    const sign = await createSigV4Signer({
      service: 'logs',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      applyChecksum: false,
    });

    const headers = await sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'logs.eu-west-1.amazonaws.com',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Logs_20140328.PutLogEvents',
        },
        body: Buffer.from(PUT_BODY),
      },
      { signingDate: new Date('2026-01-20T09:14:02Z') }
    );

    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260120/eu-west-1/logs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=7d840281004d3eb73fde1635807b33c5492d51bf6723e3b4fdee6764a5b5b3bb'
    );
  });

  it('POSTs the body as given, with its length, signed for the host and port', async () => {
    await using server = await startServer([ok]);
    const client = await clientFor(`${server.origin}/`);

    const answer = await postAwsJson(client, {
      target: 'Logs_20140328.PutLogEvents',
      body: Buffer.from(PUT_BODY),
    });
    await client.close();

    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{}');
    expect(server.seen).toHaveLength(1);
    const [request] = server.seen;
    expect(request?.path).toBe('/');
    expect(request?.body).toBe(PUT_BODY);
    expect(request?.headers['content-length']).toBe(String(PUT_BODY.length));
    expect(request?.headers['x-amz-target']).toBe('Logs_20140328.PutLogEvents');
    const url = new URL(server.origin);
    const sign = await createSigV4Signer({
      service: 'logs',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      applyChecksum: false,
    });
    const expected = await sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: Number(url.port),
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Logs_20140328.PutLogEvents',
        },
        body: PUT_BODY,
      },
      { signingDate: new Date(amzDateMs(request?.headers ?? {})) }
    );
    expect(request?.headers.authorization).toBe(expected.authorization);
  });

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
});
