import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { startHttpsReceiver } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';
import { createWebhookDestination } from '../src/destination.js';
import { configFor, makeBatch, sendContext } from './helpers.js';

const NOW_MS = Date.UTC(2026, 0, 20, 9, 15, 0);

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('createWebhookDestination', () => {
  it('delivers a gzip JSON array of the events by default', async () => {
    await using receiver = await startHttpsReceiver();
    const destination = await createWebhookDestination(configFor(receiver));
    const batch = makeBatch(3);

    const outcome = await destination.send(batch, sendContext());
    await destination.close?.();

    expect(outcome).toEqual({ status: 'delivered' });
    expect(receiver.requests).toHaveLength(1);
    const [seen] = receiver.requests;
    expect(seen?.method).toBe('POST');
    expect(seen?.path).toBe('/ingest');
    expect(seen?.headers['content-encoding']).toBe('gzip');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['user-agent']).toBe('logdrain-webhook/0.1.0');
    expect(seen?.body.toString()).toBe(JSON.stringify(batch));
    expect(receiver.acceptedRecords).toEqual(JSON.parse(JSON.stringify(batch)));
  });

  it('sends uncompressed NDJSON, one event per line', async () => {
    await using receiver = await startHttpsReceiver();
    const destination = await createWebhookDestination(
      configFor(receiver, { format: 'ndjson', compression: 'none' })
    );
    const batch = makeBatch(2);

    await destination.send(batch, sendContext());
    await destination.close?.();

    const [seen] = receiver.requests;
    expect(seen?.headers['content-encoding']).toBeUndefined();
    expect(seen?.headers['content-type']).toBe('application/x-ndjson');
    expect(seen?.rawBody.toString()).toBe(
      `${JSON.stringify(batch[0])}\n${JSON.stringify(batch[1])}\n`
    );
    expect(seen?.records).toHaveLength(2);
  });

  it('sends the configured headers and basic auth from the URL', async () => {
    await using receiver = await startHttpsReceiver();
    const url = new URL(receiver.url);
    url.username = 'drain';
    url.password = 'p@ss';
    url.search = '?source=lambda';
    const destination = await createWebhookDestination(
      configFor(receiver, {
        url: url.href,
        headers: { 'x-team': 'payments', 'x-api-key': 'k1' },
      })
    );

    await destination.send(makeBatch(1), sendContext());
    await destination.close?.();

    const [seen] = receiver.requests;
    expect(seen?.path).toBe('/ingest?source=lambda');
    expect(seen?.headers['x-team']).toBe('payments');
    expect(seen?.headers['x-api-key']).toBe('k1');
    expect(seen?.headers.authorization).toBe(
      `Basic ${Buffer.from('drain:p@ss').toString('base64')}`
    );
  });

  it('signs the uncompressed body so that a receiver can verify it', async () => {
    await using receiver = await startHttpsReceiver();
    const destination = await createWebhookDestination(
      configFor(receiver, { secret: 'whsec-test' }),
      { nowMs: () => NOW_MS }
    );

    await destination.send(makeBatch(2), sendContext());
    await destination.close?.();

    const [seen] = receiver.requests;
    const timestamp = seen?.headers['x-logdrain-timestamp'];
    const signature = String(seen?.headers['x-logdrain-signature']);
    const [t, v1] = signature.split(',').map((part) => part.split('=')[1]);
    const expected = createHmac('sha256', 'whsec-test')
      .update(`${t}.${seen?.body.toString()}`)
      .digest('hex');
    expect(timestamp).toBe(String(NOW_MS / 1_000));
    expect(t).toBe(timestamp);
    expect(v1).toBe(expected);
  });

  it('sends no signature headers without a secret', async () => {
    await using receiver = await startHttpsReceiver();
    const destination = await createWebhookDestination(configFor(receiver));

    await destination.send(makeBatch(1), sendContext());
    await destination.close?.();

    const headers = receiver.requests[0]?.headers ?? {};
    expect(headers['x-logdrain-signature']).toBeUndefined();
    expect(headers['x-logdrain-timestamp']).toBeUndefined();
  });

  it('gives a retried batch the same batch id', async () => {
    await using receiver = await startHttpsReceiver({ replies: [503] });
    const destination = await createWebhookDestination(configFor(receiver));
    const batch = makeBatch(4);

    const first = await destination.send(batch, sendContext());
    const second = await destination.send(batch, sendContext());
    await destination.send(makeBatch(5), sendContext());
    await destination.close?.();

    const ids = receiver.requests.map((r) => r.headers['x-logdrain-batch-id']);
    expect([first.status, second.status]).toEqual(['retry', 'delivered']);
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('asks for a retry on 503, naming the status and the answer', async () => {
    await using receiver = await startHttpsReceiver({
      replies: [{ status: 503, body: 'upstream\nbusy' }],
    });
    const destination = await createWebhookDestination(configFor(receiver));

    const outcome = await destination.send(makeBatch(1), sendContext());
    await destination.close?.();

    expect(outcome).toEqual({
      status: 'retry',
      reason: 'HTTP 503: upstream busy',
    });
  });

  it('asks for a retry after the delay a 429 gives in seconds or as a date', async () => {
    await using receiver = await startHttpsReceiver({
      replies: [
        { status: 429, headers: { 'retry-after': '3' } },
        {
          status: 429,
          headers: { 'retry-after': new Date(NOW_MS + 7_000).toUTCString() },
        },
      ],
    });
    const destination = await createWebhookDestination(configFor(receiver), {
      nowMs: () => NOW_MS,
    });

    const seconds = await destination.send(makeBatch(1), sendContext());
    const date = await destination.send(makeBatch(1), sendContext());
    await destination.close?.();

    expect(seconds).toEqual({
      status: 'retry',
      reason: 'HTTP 429',
      retryAfterMs: 3_000,
    });
    expect(date).toEqual({
      status: 'retry',
      reason: 'HTTP 429',
      retryAfterMs: 7_000,
    });
  });

  it('rejects a batch the receiver answers 400', async () => {
    await using receiver = await startHttpsReceiver({
      replies: [{ status: 400, body: '{"error":"bad schema"}' }],
    });
    const destination = await createWebhookDestination(configFor(receiver));

    const outcome = await destination.send(makeBatch(1), sendContext());
    await destination.close?.();

    expect(outcome).toEqual({
      status: 'rejected',
      reason: 'HTTP 400: {"error":"bad schema"}',
    });
  });

  it('asks for a retry when the connection is refused', async () => {
    await using receiver = await startHttpsReceiver();
    const port = await closedPort();
    const destination = await createWebhookDestination(
      configFor(receiver, { url: `https://127.0.0.1:${port}/ingest` })
    );

    const outcome = await destination.send(makeBatch(1), sendContext());
    await destination.close?.();

    expect(outcome.status).toBe('retry');
    expect(outcome.status === 'retry' && outcome.reason).toMatch(
      /^ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+/
    );
  });

  it('refuses a receiver whose certificate it does not trust', async () => {
    await using receiver = await startHttpsReceiver();
    const destination = await createWebhookDestination(
      configFor(receiver, { ca: undefined })
    );

    const outcome = await destination.send(makeBatch(1), sendContext());
    await destination.close?.();

    expect(outcome.status).toBe('retry');
    expect(outcome.status === 'retry' && outcome.reason).toMatch(
      /self-signed certificate/
    );
    expect(receiver.requests).toHaveLength(0);
  });

  it('stops waiting when the signal aborts', async () => {
    await using receiver = await startHttpsReceiver();
    receiver.pause();
    const destination = await createWebhookDestination(configFor(receiver));
    const controller = new AbortController();

    const sending = destination.send(
      makeBatch(1),
      sendContext(controller.signal)
    );
    await receiver.waitFor((r) => r.requests.length === 1);
    controller.abort(new Error('flush deadline reached'));
    const outcome = await sending;
    await destination.close?.();

    expect(outcome).toEqual({
      status: 'retry',
      reason: 'request aborted: flush deadline reached',
    });
  });

  it('reuses one connection for consecutive batches', async () => {
    await using receiver = await startHttpsReceiver();
    const destination = await createWebhookDestination(configFor(receiver));

    for (let n = 1; n <= 3; n++) {
      await destination.send(makeBatch(n), sendContext());
    }
    await destination.close?.();

    expect(receiver.requests).toHaveLength(3);
    expect(receiver.connections).toBe(1);
  });
});
