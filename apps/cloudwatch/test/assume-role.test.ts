import {
  type FaultProxy,
  type MotoPeer,
  startFaultProxy,
  startMoto,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeRole } from '../src/assume-role.js';
import { REGION, TEST_CREDENTIALS } from './helpers.js';

const ROLE_ARN = 'arn:aws:iam::222222222222:role/logdrain-writer';
const HOUR_MS = 3_600_000;

describe('assumeRole against moto’s STS', () => {
  let moto: MotoPeer;

  beforeAll(async () => {
    moto = await startMoto();
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
  });

  /** assumeRole of ROLE_ARN through `proxy`, with the test's credentials. */
  const roleVia = (
    proxy: FaultProxy,
    more: { sessionName?: string; nowMs?: () => number } = {}
  ) =>
    assumeRole({
      roleArn: ROLE_ARN,
      region: REGION,
      sessionName: more.sessionName ?? 'logdrain-orders',
      endpoint: proxy.rewrite(moto.url),
      credentials: TEST_CREDENTIALS,
      ...(more.nowMs === undefined ? {} : { nowMs: more.nowMs }),
    });

  it('fetches the role’s credentials once, and again within 5 minutes of their expiry', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    let nowMs = Date.now();
    const role = await roleVia(proxy, {
      sessionName: 'logdrain-orders api',
      nowMs: () => nowMs,
    });

    const first = await role.credentials();
    const cached = await role.credentials();
    nowMs += HOUR_MS - 4 * 60_000; // moto's sessions last the hour asked for
    const renewed = await role.credentials();
    await role.close();

    expect(first.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(first.secretAccessKey).toHaveLength(40);
    expect(first.sessionToken?.length).toBeGreaterThan(100);
    expect(cached).toBe(first);
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    expect(proxy.requests).toBe(2);
  }, 30_000);

  it('hands back STS’s refusal, rejects a signer’s request naming it, then asks STS again', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    const role = await roleVia(proxy);
    proxy.answerNext({
      count: 2,
      status: 403,
      headers: { 'content-type': 'text/xml' },
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>',
    });

    const refused = await role.current();
    const signing = role.credentials();
    await expect(signing).rejects.toThrow(
      `AssumeRole ${ROLE_ARN}: HTTP 403 AccessDenied: not authorized to perform sts:AssumeRole`
    );
    const later = await role.current();
    await role.close();

    expect(
      !refused.ok &&
        'answer' in refused.failure && [
          refused.failure.answer.status,
          refused.failure.code,
          refused.failure.message,
        ]
    ).toEqual([
      403,
      'AccessDenied',
      'not authorized to perform sts:AssumeRole',
    ]);
    expect(later.ok && later.credentials.accessKeyId).toMatch(/^ASIA/);
    expect(proxy.requests).toBe(3);
  }, 30_000);

  it('stops waiting for STS when the send is aborted, and later sends still get the answer STS gives', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      mode: { kind: 'delay', ms: 600 },
    });
    const role = await roleVia(proxy);
    const controller = new AbortController();
    const startMs = Date.now();
    const waiting = role.current(controller.signal);
    const other = role.current();
    controller.abort(new Error('flush deadline'));

    const aborted = await waiting;
    const abortedAfterMs = Date.now() - startMs;
    const answered = await other;
    await role.close();

    expect(
      !aborted.ok && 'error' in aborted.failure && aborted.failure.error
    ).toEqual(new Error('flush deadline'));
    expect(abortedAfterMs).toBeLessThan(300);
    expect(answered.ok && answered.credentials.accessKeyId).toMatch(/^ASIA/);
  }, 30_000);

  it('keeps credentials for the session length STS gives, read against its own Date; an hour when Expiration is unreadable', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    let nowMs = Date.now();
    const role = await roleVia(proxy, { nowMs: () => nowMs });
    // STS's clock is far ahead of this one: Expiration alone means nothing.
    const stsAnswer = (key: string, expiration: string) => ({
      count: 1,
      status: 200,
      headers: {
        'content-type': 'text/xml',
        date: 'Tue, 20 Jan 2099 09:00:00 GMT',
      },
      body: `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`,
    });
    const keys: string[] = [];
    const read = async (advanceMinutes: number) => {
      nowMs += advanceMinutes * 60_000;
      keys.push((await role.credentials()).accessKeyId);
    };

    proxy.answerNext(stsAnswer('ASIATHIRTYMINUTES', '2099-01-20T09:30:00Z'));
    await read(0);
    await read(24); // 30 minutes less the 5 of renewal margin: still cached
    proxy.answerNext(stsAnswer('ASIAUNREADABLE', 'soon'));
    await read(2);
    await read(54); // an hour less the margin
    await read(2);
    await role.close();

    expect(keys.slice(0, 4)).toEqual([
      'ASIATHIRTYMINUTES',
      'ASIATHIRTYMINUTES',
      'ASIAUNREADABLE',
      'ASIAUNREADABLE',
    ]);
    expect(keys[4]).toMatch(/^ASIA[A-Z0-9]{16}$/); // moto's
    expect(proxy.requests).toBe(3);
  }, 30_000);

  it('reads at most 1 MiB of an answer', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    const role = await roleVia(proxy);
    proxy.answerNext({ count: 1, status: 500, body: 'x'.repeat(3 << 20) });

    const failed = await role.current();
    await role.close();

    expect(
      !failed.ok && 'answer' in failed.failure && failed.failure.answer.text
    ).toHaveLength(1 << 20);
  }, 30_000);
});
