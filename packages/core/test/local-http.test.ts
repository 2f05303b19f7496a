import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  createLocalAgent,
  describeErrorBody,
  errorTypeOf,
  localRequest,
} from '../src/local-http.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('localRequest', () => {
  it('sends JSON and returns status, headers and body', async () => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.writeHead(201, { 'X-Echo': req.headers['content-type'] ?? '' });
        res.end(body);
      });
    });
    const base = await listen(server);

    const res = await localRequest({
      agent: createLocalAgent(),
      method: 'POST',
      url: `${base}/x`,
      body: { a: 1 },
    });
    server.close();

    expect(res.status).toBe(201);
    expect(res.headers['x-echo']).toBe('application/json');
    expect(res.body).toBe('{"a":1}');
  });

  it('retries once on a fresh socket when a reused keep-alive socket was closed', async () => {
    const requestsPerSocket = new Map<Socket, number>();
    let served = 0;
    const server = createServer((req, res) => {
      const count = (requestsPerSocket.get(req.socket) ?? 0) + 1;
      requestsPerSocket.set(req.socket, count);
      // The peer closed the idle socket (as after a freeze): reset it.
      if (count === 2) {
        req.socket.destroy();
        return;
      }
      served += 1;
      res.end(`answer ${served}`);
    });
    const base = await listen(server);
    const agent = createLocalAgent();

    const first = await localRequest({ agent, method: 'GET', url: base });
    const second = await localRequest({ agent, method: 'GET', url: base });
    server.closeAllConnections();
    server.close();

    expect([first.body, second.body]).toEqual(['answer 1', 'answer 2']);
    expect(requestsPerSocket.size).toBe(2);
  });

  it('fails a call that gets no answer within its timeout', async () => {
    const server = createServer(() => undefined);
    const base = await listen(server);

    const attempt = localRequest({
      agent: createLocalAgent(),
      method: 'GET',
      url: base,
      timeoutMs: 30,
    });

    await expect(attempt).rejects.toThrow('no answer within 30 ms');
    server.closeAllConnections();
    server.close();
  });
});

describe('describeErrorBody', () => {
  it('shows errorType and errorMessage, or the raw text', () => {
    expect(
      [
        '{"errorType":"ValidationError","errorMessage":"bad"}',
        '{"errorMessage":"only text"}',
        'plain failure',
      ].map(describeErrorBody)
    ).toEqual(['ValidationError: bad', 'only text', 'plain failure']);
  });
});

describe('errorTypeOf', () => {
  it('returns the errorType or an empty string', () => {
    expect(
      ['{"errorType":"Telemetry.NotSupported"}', '"OK"', 'x'].map(errorTypeOf)
    ).toEqual(['Telemetry.NotSupported', '', '']);
  });
});
