import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { startHttpsReceiver } from '@logdrain/testkit';
import { describe, expect, it, vi } from 'vitest';
import { createHttpPool } from '../src/http-pool.js';

// The real function, counted: Node's own TLS code does not go through this
// mock, so only contexts the pool builds itself are counted.
vi.mock('node:tls', async (importActual) => {
  const actual = await importActual<typeof tls>();
  return { ...actual, createSecureContext: vi.fn(actual.createSecureContext) };
});

async function startServer(listener: RequestListener) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const TIMEOUTS = { connectTimeoutMs: 2_000, timeoutMs: 5_000 };

describe('createHttpPool', () => {
  it('builds the secure context of an extra CA at the first request, once for all connections', async () => {
    await using receiver = await startHttpsReceiver();
    const pool = await createHttpPool({
      origin: new URL(receiver.url).origin,
      ca: receiver.ca,
      ...TIMEOUTS,
    });

    // Not at start: that would delay the extension's first /event/next.
    expect(tls.createSecureContext).not.toHaveBeenCalled();
    // `connection: close` makes every request open a new connection.
    const statuses: number[] = [];
    for (let n = 0; n < 3; n++) {
      const response = await pool.request({
        method: 'POST',
        path: '/ingest',
        headers: { connection: 'close', 'content-type': 'application/json' },
        body: Buffer.from('[]'),
      });
      statuses.push(response.statusCode);
    }
    await pool.close();

    expect(statuses).toEqual([200, 200, 200]);
    expect(receiver.connections).toBe(3);
    expect(tls.createSecureContext).toHaveBeenCalledTimes(1);
  });

  it('sends the method, path, headers and body with its length, and reads the whole answer', async () => {
    const seen: string[] = [];
    await using server = await startServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push(
          `${req.method} ${req.url} ${req.headers['x-test']} ${req.headers['content-length']} ${Buffer.concat(chunks)}`
        );
        res.writeHead(201, { 'retry-after': '3' }).end('x'.repeat(70_000));
      });
    });
    const pool = await createHttpPool({ origin: server.origin, ...TIMEOUTS });

    const response = await pool.request({
      method: 'PUT',
      path: '/a/b?c=d',
      headers: { 'x-test': 'yes' },
      body: Buffer.from('hello'),
    });
    await pool.close();

    expect(seen).toEqual(['PUT /a/b?c=d yes 5 hello']);
    expect(response.statusCode).toBe(201);
    expect(response.headers['retry-after']).toBe('3');
    expect(response.body).toHaveLength(70_000);
  });

  it('keeps only the first maxBodyBytes of the answer', async () => {
    await using server = await startServer((_req, res) => {
      res.writeHead(400).end(`${'a'.repeat(10)}${'b'.repeat(70_000)}`);
    });
    const pool = await createHttpPool({
      origin: server.origin,
      ...TIMEOUTS,
      maxBodyBytes: 10,
    });

    const response = await pool.request({
      method: 'GET',
      path: '/',
      headers: {},
    });
    await pool.close();

    expect(response).toMatchObject({ statusCode: 400, body: 'a'.repeat(10) });
  });

  it('resolves with the first maxBodyBytes of a body that breaks after them, and rejects one that breaks before', async () => {
    // 1,000 bytes announced; `sent` come, then the connection drops.
    let sent = 0;
    await using server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('a'.repeat(sent), () => res.socket?.destroy());
    });
    const pool = await createHttpPool({
      origin: server.origin,
      ...TIMEOUTS,
      maxBodyBytes: 512,
    });
    const broken = (bytes: number) => {
      sent = bytes;
      return pool.request({ method: 'GET', path: '/', headers: {} });
    };

    const cut = await broken(600);
    const short = broken(300);
    await expect(short).rejects.toThrow('aborted');
    await pool.close();

    expect(cut).toMatchObject({ statusCode: 200, body: 'a'.repeat(512) });
  });

  it('destroys the request when no answer comes within timeoutMs', async () => {
    await using server = await startServer(() => {});
    const pool = await createHttpPool({
      origin: server.origin,
      connectTimeoutMs: 2_000,
      timeoutMs: 50,
    });

    const answer = pool.request({ method: 'GET', path: '/', headers: {} });

    await expect(answer).rejects.toThrow('no answer within 50 ms');
    await pool.close();
  });

  it('destroys the socket of a request waiting for its answer when the signal aborts', async () => {
    const controller = new AbortController();
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve;
    });
    await using server = await startServer((req) => {
      req.socket.once('close', closed);
      controller.abort();
    });
    const pool = await createHttpPool({ origin: server.origin, ...TIMEOUTS });

    const answer = pool.request({
      method: 'GET',
      path: '/',
      headers: {},
      signal: controller.signal,
    });

    await expect(answer).rejects.toThrow(/abort/i);
    await serverSawClose;
    await pool.close();
  });

  it('rejects at once with a signal aborted before the request', async () => {
    const pool = await createHttpPool({
      origin: 'http://127.0.0.1:9',
      ...TIMEOUTS,
    });

    const answer = pool.request({
      method: 'GET',
      path: '/',
      headers: {},
      signal: AbortSignal.abort(new Error('too late')),
    });

    await expect(answer).rejects.toThrow('too late');
    await pool.close();
  });
});
