import {
  createServer,
  type IncomingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAwsClient } from '../../src/aws-client.js';
import { CREDENTIALS } from './sigv4-reference.js';

export { CREDENTIALS };

export const PUT_BODY =
  '{"logGroupName":"/aws/lambda/orders","logStreamName":"2026/01/20/logdrain/c0ffee00","logEvents":[{"timestamp":1768900442000,"message":"hello"}]}';

export interface Seen {
  readonly headers: IncomingHttpHeaders;
  readonly path: string;
  readonly body: string;
}

/** A server answering each request with the next of `answers`. */
export async function startServer(
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

export const ok = (res: ServerResponse) =>
  res
    .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
    .end('{}');

/** The signing time of a request, from its x-amz-date. */
export function amzDateMs(headers: IncomingHttpHeaders): number {
  const d = String(headers['x-amz-date']);
  return Date.parse(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`
  );
}

export const clientFor = (endpoint: string) =>
  createAwsClient({
    endpoint,
    service: 'logs',
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    connectTimeoutMs: 2_000,
    timeoutMs: 5_000,
  });
