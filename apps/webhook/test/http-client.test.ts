import * as tls from 'node:tls';
import { startHttpsReceiver } from '@logdrain/testkit';
import { describe, expect, it, vi } from 'vitest';
import { createHttpClient } from '../src/http-client.js';

// The real function, counted: Node's own TLS code does not go through this
// mock, so only contexts the client builds itself are counted.
vi.mock('node:tls', async (importActual) => {
  const actual = await importActual<typeof tls>();
  return { ...actual, createSecureContext: vi.fn(actual.createSecureContext) };
});

describe('createHttpClient', () => {
  it('builds the secure context of an extra CA at the first request, once for all connections', async () => {
    await using receiver = await startHttpsReceiver();
    const client = await createHttpClient({
      origin: new URL(receiver.url).origin,
      ca: receiver.ca,
      connectTimeoutMs: 2_000,
      timeoutMs: 5_000,
    });

    // Not at start: that would delay the extension's first /event/next.
    expect(tls.createSecureContext).not.toHaveBeenCalled();
    // `connection: close` makes every request open a new connection.
    const statuses: number[] = [];
    for (let n = 0; n < 3; n++) {
      const response = await client.post({
        path: '/ingest',
        headers: { connection: 'close', 'content-type': 'application/json' },
        body: Buffer.from('[]'),
      });
      statuses.push(response.statusCode);
    }
    await client.close();

    expect(statuses).toEqual([200, 200, 200]);
    expect(receiver.connections).toBe(3);
    expect(tls.createSecureContext).toHaveBeenCalledTimes(1);
  });
});
