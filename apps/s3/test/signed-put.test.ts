import type { LogEvent, SendContext } from '@logdrain/core';
import { contractEvent, httpCall, motoAuthorization } from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseS3Config } from '../src/config.js';
import { createS3Destination } from '../src/destination.js';
import { type MotoBucket, REGION, startMotoBucket } from './moto-bucket.js';

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };
const context = () =>
  ({
    signal: new AbortController().signal,
    attempt: 1,
    log: SILENT,
  }) as unknown as SendContext;

/** One IAM or STS query call to moto; the answer's XML text. */
async function motoQuery(
  url: string,
  service: 'iam' | 'sts',
  params: Record<string, string>
): Promise<string> {
  const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
  const answer = await httpCall(url, {
    method: 'POST',
    headers: {
      authorization: motoAuthorization({ service }),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ ...params, Version: version }).toString(),
  });
  if (answer.status !== 200) throw new Error(answer.text());
  return answer.text();
}

const between = (xml: string, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';

/** Moto turns on its IAM checks: every request's SigV4 signature is
 * recomputed with botocore's S3 signer and compared (SignatureDoesNotMatch
 * otherwise). */
const setAuthChecks = (url: string, on: boolean) =>
  httpCall(`${url}/moto-api/reset-auth`, {
    method: 'POST',
    body: on ? '0' : 'inf',
  });

describe('PutObject signed with a role session, checked by moto', () => {
  let store: MotoBucket;
  const saved = { ...process.env };

  beforeAll(async () => {
    store = await startMotoBucket({ bucket: 'logdrain-signed' });
    const url = store.moto.url;
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
      ],
    };
    const role = await motoQuery(url, 'iam', {
      Action: 'CreateRole',
      RoleName: 'fn-role',
      AssumeRolePolicyDocument: JSON.stringify(trust),
    });
    await motoQuery(url, 'iam', {
      Action: 'PutRolePolicy',
      RoleName: 'fn-role',
      PolicyName: 'put',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }],
      }),
    });
    const session = await motoQuery(url, 'sts', {
      Action: 'AssumeRole',
      RoleArn: between(role, 'Arn'),
      RoleSessionName: 'logdrain',
    });
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: between(session, 'AccessKeyId'),
      AWS_SECRET_ACCESS_KEY: between(session, 'SecretAccessKey'),
      AWS_SESSION_TOKEN: between(session, 'SessionToken'),
    });
  }, 120_000);

  afterAll(async () => {
    process.env = saved;
    await store?.stop();
  });

  it('writes a key with spaces, unicode, "=", "$" and parentheses, and a wrong secret is refused', async () => {
    const config = parseS3Config({
      LOGDRAIN_S3_BUCKET: store.bucket,
      LOGDRAIN_S3_ENDPOINT: store.endpoint,
      LOGDRAIN_S3_PREFIX: 'team a/été=1 (x)/{version}/{hash}{ext}',
      LOGDRAIN_S3_STORAGE_CLASS: 'STANDARD_IA',
      AWS_REGION: REGION,
    });
    const batch = [
      contractEvent({ tag: 'signed', n: 1 }) as unknown as LogEvent,
    ];
    const s3 = await createS3Destination(config);
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    const forged = await createS3Destination(config);

    await setAuthChecks(store.moto.url, true);
    const outcome = await s3.send(batch, context());
    const refused = await forged.send(batch, context());
    await setAuthChecks(store.moto.url, false);
    await s3.close?.();
    await forged.close?.();

    expect(outcome).toEqual({ status: 'delivered' });
    expect(refused.status).toBe('rejected');
    expect('reason' in refused && refused.reason).toMatch(
      /: HTTP 403: SignatureDoesNotMatch: /
    );
    const objects = await store.objects();
    expect(objects.map((o) => o.key)).toEqual([
      expect.stringMatching(
        /^team a\/été=1 \(x\)\/\$LATEST\/[0-9a-f]{32}\.ndjson\.gz$/
      ),
    ]);
    expect(objects[0]?.storageClass).toBe('STANDARD_IA');
    expect(objects[0]?.records).toEqual(JSON.parse(JSON.stringify(batch)));
  });
});
