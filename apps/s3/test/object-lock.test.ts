import { createHash } from 'node:crypto';
import type { LogEvent, SendContext } from '@logdrain/core';
import { contractEvent, httpCall, motoAuthorization } from '@logdrain/testkit';
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

const LOCKED = 'logdrain-locked';
const SILENT = { debug() {}, info() {}, warn() {}, error() {} };
const DEFAULT_RETENTION =
  '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>1</Days></DefaultRetention></Rule></ObjectLockConfiguration>';

describe('PutObject to a bucket with Object Lock default retention (moto)', () => {
  let store: MotoBucket;
  const authorization = motoAuthorization({ service: 's3', region: REGION });
  const call = async (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string
  ) => {
    const answer = await httpCall(`${store.moto.url}/${LOCKED}${path}`, {
      method,
      headers: { authorization, ...headers },
      body,
    });
    if (answer.status !== 200) {
      throw new Error(`${method} ${path}: ${answer.status} ${answer.text()}`);
    }
    return answer;
  };

  beforeAll(async () => {
    store = await startMotoBucket({ bucket: 'logdrain-unlocked' });
    await call('PUT', '', { 'x-amz-bucket-object-lock-enabled': 'true' });
    await call('PUT', '?object-lock', {}, DEFAULT_RETENTION);
  }, 120_000);

  afterAll(async () => {
    await store?.stop();
  });

  it('is stored (moto, like S3, refuses one without a checksum header), with the SHA-256 of the body as sent', async () => {
    const s3 = await createS3Destination(
      parseS3Config({
        LOGDRAIN_S3_BUCKET: LOCKED,
        LOGDRAIN_S3_ENDPOINT: store.moto.url,
        LOGDRAIN_S3_PREFIX: 'locked/{hash}{ext}',
        AWS_REGION: REGION,
      })
    );
    const batch = [contractEvent({ tag: 'lock', n: 1 }) as unknown as LogEvent];
    const outcome = await s3.send(batch, {
      signal: new AbortController().signal,
      attempt: 1,
      log: SILENT,
    } as unknown as SendContext);
    await s3.close?.();

    expect(outcome).toEqual({ status: 'delivered' });
    const list = (await call('GET', '?list-type=2')).text();
    const key = /<Key>([^<]*)<\/Key>/.exec(list)?.[1] ?? '';
    expect(key).toMatch(/^locked\/[0-9a-f]{32}\.ndjson\.gz$/);
    const object = await call('GET', `/${key}`, {
      'x-amz-checksum-mode': 'ENABLED',
    });
    expect(object.headers['x-amz-checksum-sha256']).toBe(
      createHash('sha256').update(object.body).digest('base64')
    );
  });
});
