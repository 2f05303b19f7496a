import type { Destination, LogEvent, SendContext } from '@logdrain/core';
import { contractEvent } from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseS3Config } from '../src/config.js';
import { createS3Destination } from '../src/destination.js';
import {
  FAKE_CREDENTIALS,
  type MotoBucket,
  REGION,
  startMotoBucket,
} from './moto-bucket.js';

Object.assign(process.env, FAKE_CREDENTIALS);

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };

function context(signal = new AbortController().signal): SendContext {
  return { signal, attempt: 1, log: SILENT } as unknown as SendContext;
}

function batchOf(tag: string, count: number): LogEvent[] {
  return Array.from(
    { length: count },
    (_, n) => contractEvent({ tag, n }) as unknown as LogEvent
  );
}

describe('createS3Destination against moto', () => {
  let store: MotoBucket;
  const open: Destination[] = [];

  async function destination(
    env: Record<string, string> = {},
    endpoint?: string
  ) {
    const created = await createS3Destination(
      parseS3Config({
        LOGDRAIN_S3_BUCKET: store.bucket,
        LOGDRAIN_S3_ENDPOINT: endpoint ?? store.endpoint,
        AWS_REGION: REGION,
        ...env,
      })
    );
    open.push(created);
    return created;
  }

  beforeAll(async () => {
    store = await startMotoBucket({ bucket: 'logdrain-unit' });
  }, 120_000);

  afterAll(async () => {
    for (const created of open) await created.close?.();
    await store?.stop();
  });

  it('writes one JSON array, uncompressed, under Hive-style partitions with the storage class asked for', async () => {
    await store.reset();
    const s3 = await destination({
      LOGDRAIN_S3_FORMAT: 'json',
      LOGDRAIN_S3_COMPRESSION: 'none',
      LOGDRAIN_S3_PARTITIONS: 'hive',
      LOGDRAIN_S3_STORAGE_CLASS: 'STANDARD_IA',
    });
    const batch = batchOf('hive', 3);

    const outcome = await s3.send(batch, context());

    expect(outcome).toEqual({ status: 'delivered' });
    const objects = await store.objects();
    expect(objects).toHaveLength(1);
    expect(objects[0]?.key).toMatch(
      /^logs\/function=contract-fn\/year=\d{4}\/month=\d{2}\/day=\d{2}\/hour=\d{2}\/\d{8}T\d{9}Z-[0-9a-f]{32}\.json$/
    );
    expect(objects[0]?.contentType).toBe('application/json');
    expect(objects[0]?.contentEncoding).toBeUndefined();
    expect(objects[0]?.storageClass).toBe('STANDARD_IA');
    expect(objects[0]?.records).toEqual(JSON.parse(JSON.stringify(batch)));
  });

  it('asks for SSE-KMS with the key given', async () => {
    await store.reset();
    const s3 = await destination({ LOGDRAIN_S3_KMS_KEY_ID: 'alias/logs' });

    const outcome = await s3.send(batchOf('kms', 2), context());

    expect(outcome).toEqual({ status: 'delivered' });
    const [key] = await store.keys();
    const head = await store.head(key ?? '');
    expect(head['x-amz-server-side-encryption']).toBe('aws:kms');
    expect(head['x-amz-server-side-encryption-aws-kms-key-id']).toContain(
      'alias/logs'
    );
  });

  it('writes the same batch twice to one object', async () => {
    await store.reset();
    const s3 = await destination();
    const batch = batchOf('twice', 4);

    await s3.send(batch, context());
    await s3.send(batch, context());

    expect(await store.keys()).toHaveLength(1);
  });

  it('rejects a batch for a bucket that does not exist, naming it', async () => {
    const s3 = await destination({ LOGDRAIN_S3_BUCKET: 'logdrain-missing' });

    const outcome = await s3.send(batchOf('missing', 1), context());

    expect(outcome.status).toBe('rejected');
    expect('reason' in outcome && outcome.reason).toMatch(
      /^PutObject s3:\/\/logdrain-missing\/logs\/.+: HTTP 404: NoSuchBucket: .+ \(check LOGDRAIN_S3_BUCKET and LOGDRAIN_S3_REGION\)$/
    );
  });

  it('refuses to start without the key pair, naming the variables', async () => {
    const { AWS_SECRET_ACCESS_KEY: secret } = process.env;
    delete process.env.AWS_SECRET_ACCESS_KEY;

    const created = destination().finally(() => {
      process.env.AWS_SECRET_ACCESS_KEY = secret;
    });

    await expect(created).rejects.toThrow(
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them to the function role's credentials), it is not set"
    );
  });

  it('returns retry at once for a signal aborted before the send', async () => {
    const s3 = await destination();
    const controller = new AbortController();
    controller.abort(new Error('flush deadline reached'));

    const outcome = await s3.send(
      batchOf('aborted', 1),
      context(controller.signal)
    );

    expect(outcome).toEqual({
      status: 'retry',
      reason:
        'PutObject s3://logdrain-unit: request aborted: flush deadline reached',
    });
  });
});
