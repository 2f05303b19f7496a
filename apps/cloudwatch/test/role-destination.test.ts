import { type MotoPeer, startFaultProxy, startMoto } from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudwatchDestination } from '../src/destination.js';
import {
  CONTEXT,
  lineEvent,
  sendContext,
  silentLogger,
  testConfig,
} from './helpers.js';

const ROLE_ARN = 'arn:aws:iam::222222222222:role/logdrain-writer';

describe('the destination with a role, STS answering through a proxy', () => {
  let moto: MotoPeer;

  beforeAll(async () => {
    moto = await startMoto();
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('makes the destination reject a batch whose role STS refuses, naming the role and STS’s error', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    const roleArn = ROLE_ARN;
    const destination = await createCloudwatchDestination(
      testConfig(moto.url, {
        logGroup: '/logdrain/refused-role',
        roleArn,
        stsEndpoint: proxy.rewrite(moto.url),
      }),
      { context: CONTEXT, log: silentLogger }
    );
    proxy.answerNext({
      count: 1,
      status: 403,
      body: '<ErrorResponse><Error><Code>AccessDenied</Code><Message>denied</Message></Error></ErrorResponse>',
    });

    const outcome = await destination.send(
      [lineEvent({ message: 'x', timeMs: Date.now() })],
      sendContext()
    );
    await destination.close?.();

    expect(outcome).toEqual({
      status: 'rejected',
      reason: `AssumeRole ${roleArn}: HTTP 403: AccessDenied: denied`,
    });
  }, 30_000);

  it('makes the destination retry a batch whose AssumeRole STS throttles (HTTP 400 Throttling)', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    const destination = await createCloudwatchDestination(
      testConfig(moto.url, {
        logGroup: '/logdrain/throttled-role',
        roleArn: ROLE_ARN,
        stsEndpoint: proxy.rewrite(moto.url),
      }),
      { context: CONTEXT, log: silentLogger }
    );
    proxy.answerNext({
      count: 1,
      status: 400,
      headers: { 'content-type': 'text/xml' },
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>',
    });

    const outcome = await destination.send(
      [lineEvent({ message: 'x', timeMs: Date.now() })],
      sendContext()
    );
    await destination.close?.();

    expect(outcome).toEqual({
      status: 'retry',
      reason: `AssumeRole ${ROLE_ARN}: HTTP 400: Throttling: Rate exceeded`,
    });
    expect(proxy.requests).toBe(1);
  }, 30_000);

  it('makes the destination answer retry when its send is aborted while STS has not answered', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      mode: { kind: 'delay', ms: 600 },
    });
    const destination = await createCloudwatchDestination(
      testConfig(moto.url, {
        logGroup: '/logdrain/slow-role',
        roleArn: ROLE_ARN,
        stsEndpoint: proxy.rewrite(moto.url),
      }),
      { context: CONTEXT, log: silentLogger }
    );

    const outcome = await destination.send(
      [lineEvent({ message: 'x', timeMs: Date.now() })],
      sendContext(AbortSignal.timeout(100))
    );
    await destination.close?.();

    expect(outcome).toEqual({
      status: 'retry',
      reason: `AssumeRole ${ROLE_ARN}: request aborted: The operation was aborted due to timeout`,
    });
  }, 30_000);
});
