import { randomUUID } from 'node:crypto';
import { type MotoPeer, startFaultProxy, startMoto } from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeFromAwsFailure } from '../src/classify-error.js';
import { createLogsApi, type LogsApi } from '../src/logs-api.js';
import { REGION, TEST_CREDENTIALS } from './helpers.js';

describe('CloudWatch Logs calls against moto', () => {
  let moto: MotoPeer;
  let logs: LogsApi;
  const signal = new AbortController().signal;
  const call = (action: string, body: object) =>
    logs.call(action, Buffer.from(JSON.stringify(body)), signal);

  beforeAll(async () => {
    moto = await startMoto();
    logs = await createLogsApi({
      endpoint: moto.url,
      region: REGION,
      credentials: TEST_CREDENTIALS,
    });
  }, 120_000);

  afterAll(async () => {
    await logs?.close();
    await moto?.stop();
  });

  it('creates a group with a signed call and reads its answer', async () => {
    const logGroupName = `/logdrain/api-${randomUUID()}`;

    const created = await call('CreateLogGroup', { logGroupName });
    const listed = await call('DescribeLogGroups', {
      logGroupNamePrefix: logGroupName,
    });

    expect(created).toEqual({ ok: true, json: {} });
    expect(listed.ok && listed.json.logGroups).toEqual([
      expect.objectContaining({
        logGroupName,
        arn: `arn:aws:logs:${REGION}:123456789012:log-group:${logGroupName}:*`,
      }),
    ]);
  });

  it('names moto’s errors: a missing group, then an existing one, both rejected', async () => {
    const logGroupName = `/logdrain/api-${randomUUID()}`;

    const missing = await call('PutLogEvents', {
      logGroupName,
      logStreamName: 's',
      logEvents: [{ timestamp: Date.now(), message: 'x' }],
    });
    await call('CreateLogGroup', { logGroupName });
    const twice = await call('CreateLogGroup', { logGroupName });

    const failures = [missing, twice].map((result) =>
      result.ok ? undefined : result.failure
    );
    expect(
      failures.map(
        (f) => f && 'answer' in f && [f.answer.status, f.code, f.message]
      )
    ).toEqual([
      [
        400,
        'ResourceNotFoundException',
        'The specified log group does not exist.',
      ],
      [
        400,
        'ResourceAlreadyExistsException',
        'The specified log group already exists',
      ],
    ]);
    expect(
      failures.map(
        (failure) =>
          failure &&
          outcomeFromAwsFailure({ failure, signal, action: 'A', nowMs: 0 })
      )
    ).toEqual([
      {
        status: 'rejected',
        reason:
          'A: HTTP 400: ResourceNotFoundException: The specified log group does not exist.',
      },
      {
        status: 'rejected',
        reason:
          'A: HTTP 400: ResourceAlreadyExistsException: The specified log group already exists',
      },
    ]);
  });

  it('retries a call that got no answer, naming the error', async () => {
    const closed = await createLogsApi({
      endpoint: 'http://127.0.0.1:9',
      region: REGION,
      credentials: TEST_CREDENTIALS,
    });

    const result = await closed.call(
      'CreateLogGroup',
      Buffer.from('{}'),
      signal
    );
    await closed.close();

    expect(result.ok).toBe(false);
    const outcome =
      !result.ok &&
      outcomeFromAwsFailure({
        failure: result.failure,
        signal,
        action: 'CreateLogGroup',
        nowMs: 0,
      });
    expect(outcome).toEqual({
      status: 'retry',
      reason: 'CreateLogGroup: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
    });
  });

  it('reads at most 1 MiB of an answer', async () => {
    await using proxy = await startFaultProxy({
      upstream: moto.url,
      http: true,
    });
    const proxied = await createLogsApi({
      endpoint: proxy.rewrite(moto.url),
      region: REGION,
      credentials: TEST_CREDENTIALS,
    });
    proxy.answerNext({ count: 1, status: 500, body: 'x'.repeat(3 << 20) });

    const failed = await proxied.call(
      'PutLogEvents',
      Buffer.from('{}'),
      signal
    );
    await proxied.close();

    expect(
      !failed.ok && 'answer' in failed.failure && failed.failure.answer.text
    ).toHaveLength(1 << 20);
  });
});
