import { setTimeout as delay } from 'node:timers/promises';
import {
  assertLayerBuilt,
  expectedLines,
  extensionLog,
  type MotoPeer,
  startMoto,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, functionLines, startLayer } from './helpers.js';
import { assumeRoleDirect, directClient, readGroup } from './moto-logs.js';

function tags(prefix: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, n) => `${prefix}${String(n + 1).padStart(2, '0')}`
  );
}

describe('the logdrain-cloudwatch layer in the sandbox', () => {
  let moto: MotoPeer;

  beforeAll(async () => {
    await assertLayerBuilt(APP);
    moto = await startMoto();
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('puts all 10,000 lines of 50 invokes in the log stream exactly once and in order, the last invoke’s after SHUTDOWN', async () => {
    const logGroup = '/logdrain/e2e-lines';
    // A 1 s Telemetry API batching window holds the last invoke's lines in
    // the sandbox until the environment freezes after that invoke, so they
    // can only reach the extension after SHUTDOWN.
    await using sandbox = await startLayer({
      motoUrl: moto.url,
      env: {
        LOGDRAIN_CLOUDWATCH_LOG_GROUP: logGroup,
        LOGDRAIN_TELEMETRY_TIMEOUT_MS: '1000',
      },
    });
    const invokeTags = tags('i', 50);
    const lastTag = invokeTags.at(-1) ?? '';

    for (const tag of invokeTags.slice(0, -1)) {
      await sandbox.invoke({ tag, lines: 200 });
    }
    await delay(1_100);
    await sandbox.invoke({ tag: lastTag, lines: 200, waitMs: 50 });
    const client = directClient(moto.url);
    // Nothing flushed yet: the group may not even exist.
    const beforeShutdown = await readGroup(client, logGroup).catch(() => []);
    const shutdown = await sandbox.shutdown();
    const streams = await readGroup(client, logGroup);
    client.destroy();

    expect(sandbox.initReport.status).toBe('success');
    const lastLines = (lines: readonly string[]) =>
      lines.filter((line) => line.startsWith(`${lastTag} line `)).length;
    expect(
      lastLines(beforeShutdown.flatMap((s) => functionLines(s.events)))
    ).toBe(0);
    expect(streams).toHaveLength(1);
    expect(streams[0]?.name).toMatch(
      /^\d{4}\/\d{2}\/\d{2}\/logdrain\/[0-9a-f-]+$/
    );
    const lines = functionLines(streams[0]?.events ?? []);
    expect(lines).toHaveLength(10_000);
    expect(lines).toEqual(expectedLines(invokeTags, 200));
    expect(lastLines(lines)).toBe(200);
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: 'logdrain-cloudwatch',
        exitCode: 0,
        beforeDeadline: true,
      }),
    ]);
    expect(extensionLog(sandbox).filter((e) => e.level === 'error')).toEqual(
      []
    );
  }, 120_000);

  it('delivers every line of 20 busy invokes exactly once under the default adaptive policy', async () => {
    const logGroup = '/logdrain/e2e-adaptive';
    await using sandbox = await startLayer({
      motoUrl: moto.url,
      env: { LOGDRAIN_CLOUDWATCH_LOG_GROUP: logGroup },
    });
    const invokeTags = tags('a', 20);

    for (const tag of invokeTags) {
      await sandbox.invoke({ tag, lines: 200 });
    }
    const shutdown = await sandbox.shutdown();
    const client = directClient(moto.url);
    const streams = await readGroup(client, logGroup);
    client.destroy();

    const lines = functionLines(streams[0]?.events ?? []);
    const expected = expectedLines(invokeTags, 200);
    expect(lines).toEqual(expected);
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({ exitCode: 0, beforeDeadline: true }),
    ]);
  }, 120_000);

  it('fails init naming LOGDRAIN_CLOUDWATCH_LOG_GROUP when it is missing', async () => {
    await using sandbox = await startLayer({ motoUrl: moto.url });

    const named = sandbox.extensionOutput.filter((line) =>
      line.includes('LOGDRAIN_CLOUDWATCH_LOG_GROUP must be set')
    );

    expect(sandbox.initReport.status).toBe('error');
    expect(named).toHaveLength(1);
  }, 30_000);

  it('delivers into another account through LOGDRAIN_CLOUDWATCH_ROLE_ARN', async () => {
    const logGroup = '/logdrain/e2e-cross-account';
    const roleArn = 'arn:aws:iam::222222222222:role/logdrain-writer';
    await using sandbox = await startLayer({
      motoUrl: moto.url,
      env: {
        LOGDRAIN_CLOUDWATCH_LOG_GROUP: logGroup,
        LOGDRAIN_CLOUDWATCH_ROLE_ARN: roleArn,
      },
    });

    for (const tag of ['x1', 'x2', 'x3']) {
      await sandbox.invoke({ tag, lines: 20 });
    }
    await sandbox.shutdown();

    const own = directClient(moto.url);
    await expect(readGroup(own, logGroup)).rejects.toThrow(
      /ResourceNotFoundException|does not exist/
    );
    own.destroy();
    const other = directClient(
      moto.url,
      await assumeRoleDirect(moto.url, roleArn)
    );
    const streams = await readGroup(other, logGroup);
    other.destroy();
    expect(streams).toHaveLength(1);
    expect(functionLines(streams[0]?.events ?? [])).toEqual(
      expectedLines(['x1', 'x2', 'x3'], 20)
    );
  }, 60_000);
});
