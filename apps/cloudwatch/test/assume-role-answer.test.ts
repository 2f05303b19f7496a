import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type Assumed, assumeRole } from '../src/assume-role.js';
import { REGION, TEST_CREDENTIALS } from './helpers.js';

const ROLE_ARN = 'arn:aws:iam::222222222222:role/logdrain-writer';

const credentialsXml = (key: string, token: string) =>
  `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>${token}<Expiration>2099-01-20T10:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;

/** A stand-in STS answering each request with the next of `answers`. */
async function startSts(answers: ((res: ServerResponse) => void)[]) {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answers[requests++]?.(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => requests,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const whole = (xml: string) => (res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'text/xml' }).end(xml);

const failureOf = (assumed: Assumed) =>
  !assumed.ok && 'error' in assumed.failure
    ? (assumed.failure.error as Error).message
    : assumed;

describe('assumeRole reading STS’s answer', () => {
  it('takes no credentials from an answer cut short or without a session token, and asks STS again', async () => {
    const full = credentialsXml(
      'ASIAWHOLE',
      '<SessionToken>token</SessionToken>'
    );
    await using sts = await startSts([
      // The connection drops after `<SessionToken>tok`.
      (res) => {
        res.writeHead(200, { 'content-length': String(full.length) });
        const cut = full.indexOf('ken>token') + 'ken>tok'.length;
        res.write(full.slice(0, cut), () => res.socket?.destroy());
      },
      whole(credentialsXml('ASIANOTOKEN', '')),
      whole(full),
    ]);
    const role = await assumeRole({
      roleArn: ROLE_ARN,
      region: REGION,
      sessionName: 'logdrain-orders',
      endpoint: sts.endpoint,
      credentials: TEST_CREDENTIALS,
    });

    const broken = await role.current();
    const tokenless = await role.current();
    const later = await role.current();
    const cached = await role.current();
    await role.close();

    expect(failureOf(broken)).toBe('aborted');
    expect(failureOf(tokenless)).toBe('the answer holds no credentials');
    expect(later.ok && later.credentials).toEqual({
      accessKeyId: 'ASIAWHOLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
    expect(cached.ok && cached.credentials).toBe(later.ok && later.credentials);
    expect(sts.requests()).toBe(3);
  });

  it('hands a waiter with a signal the failure of an STS call that throws', async () => {
    await using sts = await startSts([
      whole(credentialsXml('ASIAWHOLE', '<SessionToken>token</SessionToken>')),
    ]);
    const role = await assumeRole({
      roleArn: ROLE_ARN,
      region: REGION,
      sessionName: 'logdrain-orders',
      endpoint: sts.endpoint,
      credentials: TEST_CREDENTIALS,
      // Read once the answer came, to date its expiry.
      nowMs: () => {
        throw new Error('no clock');
      },
    });

    const assumed = await role.current(new AbortController().signal);
    await role.close();

    expect(failureOf(assumed)).toBe('no clock');
  }, 2_000);
});
