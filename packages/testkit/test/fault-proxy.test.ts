import { once } from 'node:events';
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  request,
  type Server,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startFaultProxy } from '../src/fault-proxy.js';
import { startHttpsReceiver } from '../src/https-receiver.js';

interface Upstream {
  readonly url: string;
  readonly bodies: string[];
  [Symbol.asyncDispose](): Promise<void>;
}

/** A plain HTTP server that records bodies and answers 200 "ok:<body>". */
async function startUpstream(): Promise<Upstream> {
  const bodies: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    bodies.push(body);
    res.end(`ok:${body}`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/in`,
    bodies,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** POSTs `body`; resolves the answer, rejects with the socket error. */
function post(
  url: string,
  body: string,
  opts: { agent?: Agent; signal?: AbortSignal; chunked?: boolean } = {}
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        // Node 20's global agent keeps sockets alive; a fresh one does not.
        agent: opts.agent ?? new Agent(),
        ...(opts.signal ? { signal: opts.signal } : {}),
        headers: opts.chunked
          ? { 'transfer-encoding': 'chunked' }
          : { 'content-length': Buffer.byteLength(body) },
      },
      async (res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of res) chunks.push(chunk as Buffer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        });
      }
    );
    req.on('error', reject);
    if (opts.chunked) {
      req.write(body.slice(0, 3));
      req.end(body.slice(3));
    } else {
      req.end(body);
    }
  });
}

describe('startFaultProxy', () => {
  it('passes requests and answers through and counts connections', async () => {
    await using upstream = await startUpstream();
    await using proxy = await startFaultProxy({ upstream: upstream.url });

    const answer = await post(proxy.rewrite(upstream.url), 'hello');

    expect(answer).toMatchObject({ status: 200, body: 'ok:hello' });
    expect(proxy.rewrite(upstream.url)).toBe(
      `http://127.0.0.1:${proxy.port}/in`
    );
    expect(proxy.connections).toBe(1);
    expect(await proxy.waitForIdle()).toBe(true);
  });

  it('passes TLS through untouched', async () => {
    await using receiver = await startHttpsReceiver();
    await using proxy = await startFaultProxy({ upstream: receiver.url });

    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        proxy.rewrite(receiver.url),
        { method: 'POST', ca: receiver.ca },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }
      );
      req.on('error', reject);
      req.end('[{"message":"through"}]');
    });

    expect(status).toBe(200);
    expect(receiver.acceptedRecords).toEqual([{ message: 'through' }]);
    expect(receiver.connections).toBe(1);
  });

  it('holds data for the delay given', async () => {
    await using upstream = await startUpstream();
    await using proxy = await startFaultProxy({
      upstream: upstream.url,
      mode: { kind: 'delay', ms: 150 },
    });
    const startedMs = Date.now();

    const answer = await post(proxy.rewrite(upstream.url), 'slow');

    expect(answer.body).toBe('ok:slow');
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(300);
  });

  it('resets new connections at once', async () => {
    await using upstream = await startUpstream();
    await using proxy = await startFaultProxy({
      upstream: upstream.url,
      mode: { kind: 'reset', on: 'connect' },
    });

    const sending = post(proxy.rewrite(upstream.url), 'x');

    await expect(sending).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(upstream.bodies).toEqual([]);
  });

  it('resets a new connection when its first bytes arrive', async () => {
    await using upstream = await startUpstream();
    await using proxy = await startFaultProxy({
      upstream: upstream.url,
      mode: { kind: 'reset', on: 'data' },
    });

    const sending = post(proxy.rewrite(upstream.url), 'x');

    await expect(sending).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(upstream.bodies).toEqual([]);
    expect(proxy.connections).toBe(1);
  });

  it('resets a kept-alive connection at its next request', async () => {
    await using upstream = await startUpstream();
    await using proxy = await startFaultProxy({ upstream: upstream.url });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = proxy.rewrite(upstream.url);

    await post(url, 'first', { agent });
    proxy.setMode({ kind: 'reset', on: 'data' });
    const second = post(url, 'second', { agent });

    await expect(second).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(upstream.bodies).toEqual(['first']);
    expect(proxy.connections).toBe(1);
    agent.destroy();
  });

  it('accepts and never answers in blackhole mode', async () => {
    await using upstream = await startUpstream();
    await using proxy = await startFaultProxy({
      upstream: upstream.url,
      mode: { kind: 'blackhole' },
    });

    const sending = post(proxy.rewrite(upstream.url), 'void', {
      signal: AbortSignal.timeout(200),
    });

    await expect(sending).rejects.toMatchObject({ name: 'AbortError' });
    expect(upstream.bodies).toEqual([]);
    expect(proxy.connections).toBe(1);
    expect(await proxy.waitForIdle()).toBe(true);
  });

  it('loses the answer of a request the server handled', async () => {
    await using upstream = await startUpstream();
    await using proxy = await startFaultProxy({
      upstream: upstream.url,
      mode: { kind: 'loseResponse' },
    });

    const sending = post(proxy.rewrite(upstream.url), 'done but unheard');

    await expect(sending).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(upstream.bodies).toEqual(['done but unheard']);
  });

  it('answers the next requests itself, then forwards again', async () => {
    await using upstream = await startUpstream();
    await using proxy = await startFaultProxy({
      upstream: upstream.url,
      http: true,
    });
    const url = proxy.rewrite(upstream.url);
    proxy.answerNext({
      count: 2,
      status: 429,
      headers: { 'retry-after': '3' },
      body: 'slow down',
    });

    const first = await post(url, 'a');
    const second = await post(url, 'b', { chunked: true });
    const third = await post(url, 'c', { chunked: true });

    expect(first).toMatchObject({ status: 429, body: 'slow down' });
    expect(first.headers['retry-after']).toBe('3');
    expect(second.status).toBe(429);
    expect(third).toMatchObject({ status: 200, body: 'ok:c' });
    expect(upstream.bodies).toEqual(['c']);
    expect(proxy.requests).toBe(3);
  });

  it('counts every request on a kept-alive connection', async () => {
    await using upstream = await startUpstream();
    await using proxy = await startFaultProxy({
      upstream: upstream.url,
      http: true,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = proxy.rewrite(upstream.url);

    for (const body of ['1', '22', '333']) await post(url, body, { agent });
    agent.destroy();

    expect(proxy.requests).toBe(3);
    expect(proxy.connections).toBe(1);
    expect(upstream.bodies).toEqual(['1', '22', '333']);
  });

  it('drops every open connection on close', async () => {
    await using upstream = await startUpstream();
    const proxy = await startFaultProxy({
      upstream: upstream.url,
      mode: { kind: 'blackhole' },
    });
    const sending = post(proxy.rewrite(upstream.url), 'held');
    while (proxy.openConnections === 0) await new Promise(setImmediate);

    await proxy.close();

    await expect(sending).rejects.toThrow();
    expect(proxy.openConnections).toBe(0);
  });
});
