import { setTimeout as delay } from 'node:timers/promises';
import {
  assertLayerBuilt,
  compareLines,
  expectedLines,
  extensionLog,
  startFaultProxy,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, functionMessages, startLayer, tags } from './helpers.js';
import { type MotoBucket, startMotoBucket } from './moto-bucket.js';

const EXACTLY_ONCE_IN_ORDER = {
  missing: 0,
  duplicated: 0,
  unexpected: 0,
  inOrder: true,
};

describe('the logdrain-s3 layer in the sandbox, writing to moto', () => {
  let store: MotoBucket;

  beforeAll(async () => {
    await assertLayerBuilt(APP);
    store = await startMotoBucket({ bucket: 'logdrain-e2e' });
  }, 120_000);

  afterAll(async () => {
    await store?.stop();
  });

  it('stores all 10,000 lines of 50 invokes exactly once and in order, the last invoke’s after SHUTDOWN', async () => {
    await store.reset();
    // A 1 s Telemetry API batching window holds the last invoke's lines in
    // the sandbox until the environment freezes after that invoke, so they
    // can only reach the extension after SHUTDOWN.
    await using sandbox = await startLayer({
      endpoint: store.endpoint,
      bucket: store.bucket,
      env: { LOGDRAIN_TELEMETRY_TIMEOUT_MS: '1000' },
    });
    const invokeTags = tags('i', 50);
    const lastTag = invokeTags.at(-1) ?? '';

    for (const tag of invokeTags.slice(0, -1)) {
      await sandbox.invoke({ tag, lines: 200 });
    }
    await delay(1_100);
    await sandbox.invoke({ tag: lastTag, lines: 200, waitMs: 50 });
    const beforeShutdown = functionMessages(await store.objects());
    const shutdown = await sandbox.shutdown();
    const objects = await store.objects();

    expect(sandbox.initReport.status).toBe('success');
    const lastLines = (lines: string[]) =>
      lines.filter((line) => line.startsWith(`${lastTag} line `)).length;
    expect(lastLines(beforeShutdown)).toBe(0);
    expect(
      compareLines(functionMessages(objects), expectedLines(invokeTags, 200), {
        order: true,
      })
    ).toEqual({ received: 10_000, ...EXACTLY_ONCE_IN_ORDER });
    expect(lastLines(functionMessages(objects))).toBe(200);
    // Batched for cost: a handful of objects, not one PUT per line.
    expect(objects.length).toBeGreaterThanOrEqual(1);
    expect(objects.length).toBeLessThanOrEqual(60);
    for (const object of objects) {
      expect(object.key).toMatch(
        /^logs\/s3-e2e\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/\d{8}T\d{9}Z-[0-9a-f]{32}\.ndjson\.gz$/
      );
      expect(object.contentType).toBe('application/x-ndjson');
      expect(object.contentEncoding).toBe('gzip');
    }
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: 'logdrain-s3',
        exitCode: 0,
        beforeDeadline: true,
      }),
    ]);
    expect(extensionLog(sandbox).filter((e) => e.level === 'error')).toEqual(
      []
    );
  }, 90_000);

  it('stores no duplicate when an upload is retried after S3 stored it but its answer was lost', async () => {
    await store.reset();
    await using proxy = await startFaultProxy({
      upstream: store.endpoint,
      http: true,
    });
    await using sandbox = await startLayer({
      endpoint: proxy.rewrite(store.endpoint),
      bucket: store.bucket,
    });
    const invokeTags = tags('r', 3);

    // Every answer of the first invoke's flush is lost after moto stored
    // the object: the flush gives up and the batch goes back to the queue.
    proxy.setMode({ kind: 'loseResponse' });
    await sandbox.invoke({ tag: invokeTags[0], lines: 200 });
    const lostRequests = proxy.requests;
    const storedWhileLost = (await store.objects()).length;
    proxy.setMode({ kind: 'pass' });
    for (const tag of invokeTags.slice(1)) {
      await sandbox.invoke({ tag, lines: 200 });
    }
    await sandbox.shutdown();
    const objects = await store.objects();

    expect(lostRequests).toBeGreaterThanOrEqual(2);
    expect(storedWhileLost).toBe(1);
    expect(
      compareLines(functionMessages(objects), expectedLines(invokeTags, 200), {
        order: true,
      })
    ).toEqual({ received: 600, ...EXACTLY_ONCE_IN_ORDER });
    expect(extensionLog(sandbox).filter((e) => /^lost /.test(e.msg))).toEqual(
      []
    );
  }, 60_000);

  it('fails init naming LOGDRAIN_S3_BUCKET when it is missing', async () => {
    await store.reset();

    await using sandbox = await startLayer({
      endpoint: store.endpoint,
      bucket: '',
    });

    expect(sandbox.initReport.status).toBe('error');
    const named = sandbox.extensionOutput.filter((line) =>
      line.includes('LOGDRAIN_S3_BUCKET must be set')
    );
    expect(named).toHaveLength(1);
    expect(await store.objects()).toEqual([]);
  }, 30_000);

  it('counts every record as undelivered when the bucket does not exist, and the function runs on', async () => {
    await using sandbox = await startLayer({
      endpoint: store.endpoint,
      bucket: 'logdrain-no-such-bucket',
    });
    const invokeTags = tags('n', 5);

    const results = [];
    for (const tag of invokeTags) {
      results.push(await sandbox.invoke({ tag, lines: 20 }));
    }
    const shutdown = await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect(results.map((r) => r.status)).toEqual(
      invokeTags.map(() => 'success')
    );
    const log = extensionLog(sandbox);
    const losses = log.filter((e) => /^lost /.test(e.msg));
    expect(losses).toHaveLength(1);
    const loss: Record<string, unknown> = losses[0] ?? {};
    const count = (name: string) => Number(loss[name]);
    expect(loss.level).toBe('error');
    // Nothing delivered: every record that was not filtered is counted as
    // lost, most of them rejected by S3 for good (the rest still queued).
    expect(count('delivered')).toBe(0);
    expect(
      count('rejected') + count('unsent') + count('droppedQueueFull')
    ).toBe(count('received') - count('filtered'));
    expect(count('rejected')).toBeGreaterThanOrEqual(100);
    const refusals = log.filter((e) =>
      JSON.stringify(e).includes('NoSuchBucket')
    );
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(refusals[0])).toContain(
      'The specified bucket does not exist (check LOGDRAIN_S3_BUCKET and LOGDRAIN_S3_REGION)'
    );
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({ exitCode: 0, beforeDeadline: true }),
    ]);
  }, 60_000);
});
