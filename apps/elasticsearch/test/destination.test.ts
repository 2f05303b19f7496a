import { createHash } from 'node:crypto';
import {
  createLossStats,
  createSender,
  createSilentLogger,
  type LogEvent,
} from '@logdrain/core';
import {
  contractEvent,
  type RunningPeer,
  startFaultProxy,
  startHttpsReceiver,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElasticsearchDestination } from '../src/destination.js';
import { createSigV4Signer } from '../src/sigv4.js';
import {
  configFor,
  count,
  makeFailing,
  plantIndex,
  startSearch,
} from './opensearch.js';

const FAILING = new Set([1, 4, 7]);

function batchOf(tag: string, size: number): LogEvent[] {
  return Array.from(
    { length: size },
    (_, n) => contractEvent({ tag, n }) as LogEvent
  );
}

/** Core's sender with the real destination, no waiting between attempts. */
function senderFor(
  destination: Awaited<ReturnType<typeof createElasticsearchDestination>>
) {
  const stats = createLossStats();
  const sender = createSender({
    destination,
    log: createSilentLogger(),
    stats,
    backoff: () => 0,
    maxAttempts: 5,
  });
  return { sender, stats };
}

describe('createElasticsearchDestination against OpenSearch', () => {
  let search: RunningPeer;

  beforeAll(async () => {
    search = await startSearch();
  }, 200_000);

  afterAll(async () => {
    await search?.stop();
  });

  it('indexes the good documents of a bulk with a mapping conflict, counts the refused ones once and stops', async () => {
    const index = 'logdrain-partial';
    await plantIndex(search.url, index);
    await using proxy = await startFaultProxy({
      upstream: search.url,
      http: true,
    });
    const destination = await createElasticsearchDestination(
      configFor(proxy.rewrite(search.url), { index })
    );
    const { sender, stats } = senderFor(destination);
    const batch = batchOf('partial', 10).map((event, n) =>
      FAILING.has(n) ? makeFailing(event) : event
    );

    const result = await sender.deliver(batch, {
      deadlineMs: Date.now() + 20_000,
    });
    await destination.close?.();

    expect(result).toEqual({ delivered: 7, rejected: 3, unsent: [] });
    expect(stats.rejected).toBe(3);
    expect(proxy.requests).toBe(1);
    expect(await count(search.url, index)).toBe(7);
  }, 60_000);

  it('creates no duplicate when a bulk is sent again after its answer was lost', async () => {
    const index = 'logdrain-replay';
    await plantIndex(search.url, index);
    await using proxy = await startFaultProxy({
      upstream: search.url,
      http: true,
    });
    let lost = false;
    proxy.setMode({
      kind: 'loseResponse',
      when: () => {
        if (lost) return false;
        lost = true;
        return true;
      },
    });
    const destination = await createElasticsearchDestination(
      configFor(proxy.rewrite(search.url), { index })
    );
    const { sender } = senderFor(destination);
    const batch = batchOf('replay', 10);

    const result = await sender.deliver(batch, {
      deadlineMs: Date.now() + 20_000,
    });
    await destination.close?.();

    expect(lost).toBe(true);
    expect(result).toEqual({ delivered: 10, rejected: 0, unsent: [] });
    expect(proxy.requests).toBe(2);
    expect(await count(search.url, index)).toBe(10);
  }, 60_000);

  it('keeps two identical lines of one batch as two documents', async () => {
    const index = 'logdrain-twins';
    await plantIndex(search.url, index);
    const destination = await createElasticsearchDestination(
      configFor(search.url, { index })
    );
    const { sender } = senderFor(destination);
    const [line] = batchOf('twins', 1);
    const batch = [line, { ...line }, { ...line }] as LogEvent[];

    const result = await sender.deliver(batch, {
      deadlineMs: Date.now() + 20_000,
    });
    await destination.close?.();

    expect(result.delivered).toBe(3);
    expect(await count(search.url, index)).toBe(3);
  }, 60_000);

  it('keeps two identical lines cut apart by a batch boundary as two documents', async () => {
    const index = 'logdrain-split-twins';
    await plantIndex(search.url, index);
    const destination = await createElasticsearchDestination(
      configFor(search.url, { index })
    );
    const { sender } = senderFor(destination);
    const [first, other] = batchOf('split-twins', 2);
    const deadlineMs = Date.now() + 20_000;

    const before = await sender.deliver([other, first] as LogEvent[], {
      deadlineMs,
    });
    const after = await sender.deliver([{ ...first }] as LogEvent[], {
      deadlineMs,
    });
    await destination.close?.();

    expect([before.delivered, after.delivered]).toEqual([2, 1]);
    expect(await count(search.url, index)).toBe(3);
  }, 60_000);

  it('installs its index template once and writes to a data stream', async () => {
    const index = 'logs-aws.lambda-template';
    const destination = await createElasticsearchDestination(
      configFor(search.url, { index, dataStream: true, installTemplate: true })
    );
    const { sender } = senderFor(destination);
    const structured = contractEvent({
      tag: 'template',
      n: 0,
      record: { level: 'INFO', message: 'template #0', order: { id: 7 } },
    }) as LogEvent;

    const result = await sender.deliver([structured], {
      deadlineMs: Date.now() + 30_000,
    });
    await destination.close?.();

    expect(result.delivered).toBe(1);
    const stream = await fetch(`${search.url}/_data_stream/${index}`);
    expect(stream.status).toBe(200);
    const template = (await (
      await fetch(`${search.url}/_index_template/logdrain-${index}`)
    ).json()) as { index_templates: unknown[] };
    expect(template.index_templates).toHaveLength(1);
    expect(await count(search.url, index)).toBe(1);
  }, 60_000);
});

describe('createElasticsearchDestination with SigV4', () => {
  it('signs the exact gzip bytes it sends', async () => {
    await using receiver = await startHttpsReceiver();
    const signer = await createSigV4Signer({
      service: 'es',
      region: 'eu-west-1',
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      },
    });
    const destination = await createElasticsearchDestination(
      configFor(receiver.url, {
        ca: receiver.ca,
        auth: { kind: 'sigv4', service: 'es', region: 'eu-west-1' },
      }),
      { signer }
    );

    await destination.send(batchOf('signed', 2), {
      signal: new AbortController().signal,
      attempt: 1,
      log: createSilentLogger(),
    });
    await destination.close?.();

    const [request] = receiver.requests;
    const bodyHash = createHash('sha256')
      .update(request?.rawBody ?? Buffer.alloc(0))
      .digest('hex');
    expect(receiver.requests).toHaveLength(1);
    expect(request?.headers['content-encoding']).toBe('gzip');
    expect(request?.headers['x-amz-content-sha256']).toBe(bodyHash);
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=content-encoding;content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/
    );
  });
});
