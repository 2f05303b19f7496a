import { randomUUID } from 'node:crypto';
import { type MotoPeer, startFaultProxy, startMoto } from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudwatchConfig } from '../src/config.js';
import { createCloudwatchDestination } from '../src/destination.js';
import {
  CONTEXT,
  jsonMessages,
  lineEvent,
  REGION,
  sendContext,
  silentLogger,
  testConfig,
} from './helpers.js';
import {
  assumeRoleDirect,
  createGroupAndStream,
  directClient,
  type LogsReader,
  readStream,
} from './moto-logs.js';

const DAY_MS = 86_400_000;
const OTHER_ACCOUNT = '222222222222';
const AWS_JSON = { 'content-type': 'application/x-amz-json-1.1' };

describe('the cloudwatch destination against moto', () => {
  let moto: MotoPeer;
  let reader: LogsReader;

  beforeAll(async () => {
    moto = await startMoto();
    reader = directClient(moto.url);
  }, 120_000);

  afterAll(async () => {
    reader?.destroy();
    await moto?.stop();
  });

  const uniqueGroup = () => `/logdrain/dest-${randomUUID()}`;
  const build = (overrides: Partial<CloudwatchConfig>, endpoint = moto.url) =>
    createCloudwatchDestination(testConfig(endpoint, overrides), {
      context: CONTEXT,
      log: silentLogger,
    });

  it('creates the log group and the templated stream when missing', async () => {
    const logGroup = uniqueGroup();
    const startMs = Date.UTC(2026, 10, 27, 23, 59, 59);
    const destination = await createCloudwatchDestination(
      testConfig(moto.url, {
        logGroup,
        logStreamTemplate: '{yyyy}/{mm}/{dd}/{function}[{version}]{instanceId}',
      }),
      { context: CONTEXT, log: silentLogger, nowMs: () => startMs }
    );
    const event = lineEvent({ message: 'hello', timeMs: Date.now() });

    const outcome = await destination.send([event], sendContext());
    await destination.close?.();

    expect(outcome).toEqual({ status: 'delivered' });
    const stream = '2026/11/27/orders-api[$LATEST]c0ffee00';
    const stored = await readStream(reader, logGroup, stream);
    expect(jsonMessages(stored)).toEqual(['hello']);
    expect(JSON.parse(stored[0]?.message ?? '')).toEqual({
      time: event.time,
      type: 'function',
      stream: 'function',
      level: 'INFO',
      requestId: 'req-1',
      coldStart: false,
      message: 'hello',
      record: event.record,
    });
  }, 30_000);

  it('rejects the batch naming LOGDRAIN_CLOUDWATCH_CREATE when the group is missing and create is off', async () => {
    const destination = await build({ logGroup: uniqueGroup(), create: false });

    const outcome = await destination.send(
      [lineEvent({ message: 'lost', timeMs: Date.now() })],
      sendContext()
    );
    await destination.close?.();

    expect(outcome.status).toBe('rejected');
    expect('reason' in outcome && outcome.reason).toMatch(
      /does not exist and LOGDRAIN_CLOUDWATCH_CREATE is false/
    );
  }, 30_000);

  it('returns only the events CloudWatch refused, counted in the reason', async () => {
    const logGroup = uniqueGroup();
    await createGroupAndStream(reader, logGroup, 'refusals');
    const destination = await build({
      logGroup,
      logStreamTemplate: 'refusals',
      create: false,
    });
    const nowMs = Date.now();
    const batch = [
      lineEvent({ message: 'fresh 1', timeMs: nowMs }),
      lineEvent({ message: 'old 1', timeMs: nowMs - 15 * DAY_MS }),
      lineEvent({ message: 'fresh 2', timeMs: nowMs + 1 }),
      lineEvent({ message: 'old 2', timeMs: nowMs - 20 * DAY_MS }),
      lineEvent({ message: 'future', timeMs: nowMs + 3 * 3_600_000 }),
    ];

    const outcome = await destination.send(batch, sendContext());
    await destination.close?.();

    expect(outcome.status).toBe('rejected');
    expect(
      'remaining' in outcome && outcome.remaining?.map((e) => e.message)
    ).toEqual(['old 2', 'old 1', 'future']);
    expect('reason' in outcome && outcome.reason).toBe(
      'CloudWatch Logs refused 3 of 5 events: 2 older than 14 days, 1 more than 2 hours ahead'
    );
    const stored = await readStream(reader, logGroup, 'refusals');
    expect(jsonMessages(stored)).toEqual(['fresh 1', 'fresh 2']);
  }, 30_000);

  it.each([
    ['ThrottlingException', 400, 'retry'],
    ['ServiceUnavailableException', 503, 'retry'],
    ['AccessDeniedException', 400, 'rejected'],
    ['InvalidParameterException', 400, 'rejected'],
  ])(
    'maps %s (HTTP %i) to %s',
    async (type, status, expected) => {
      await using proxy = await startFaultProxy({
        upstream: moto.url,
        http: true,
      });
      const destination = await build(
        { logGroup: uniqueGroup(), create: false },
        proxy.rewrite(moto.url)
      );
      proxy.answerNext({
        count: 1,
        status,
        headers: AWS_JSON,
        body: JSON.stringify({ __type: type, message: 'injected' }),
      });

      const outcome = await destination.send(
        [lineEvent({ message: 'x', timeMs: Date.now() })],
        sendContext()
      );
      await destination.close?.();

      expect(outcome.status).toBe(expected);
      expect('reason' in outcome && outcome.reason).toContain(type);
      expect(proxy.requests).toBe(1);
    },
    30_000
  );

  it('delivers into another account through the assumed role', async () => {
    const logGroup = uniqueGroup();
    const roleArn = `arn:aws:iam::${OTHER_ACCOUNT}:role/logdrain-writer`;
    const destination = await build({ logGroup, roleArn });

    const outcome = await destination.send(
      [lineEvent({ message: 'across accounts', timeMs: Date.now() })],
      sendContext()
    );
    await destination.close?.();

    expect(outcome).toEqual({ status: 'delivered' });
    const own = (await reader.call('DescribeLogGroups', {
      logGroupNamePrefix: logGroup,
    })) as { logGroups: unknown[] };
    expect(own.logGroups).toHaveLength(0);
    const other = directClient(
      moto.url,
      await assumeRoleDirect(moto.url, roleArn)
    );
    const groups = (await other.call('DescribeLogGroups', {
      logGroupNamePrefix: logGroup,
    })) as { logGroups: Array<{ arn: string }> };
    expect(groups.logGroups.map((g) => g.arn)).toEqual([
      `arn:aws:logs:${REGION}:${OTHER_ACCOUNT}:log-group:${logGroup}:*`,
    ]);
    other.destroy();
  }, 30_000);
});
