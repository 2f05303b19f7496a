import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import {
  HANDLER,
  launcher,
  makeLayerDir,
  RECORDER,
  readRecords,
  tempDir,
} from './helpers.js';

function delivered(
  deliveries: readonly Delivery[]
): Array<{ type: string; record: unknown }> {
  return deliveries
    .filter((d) => d.status === 200)
    .flatMap((d) => d.events as Array<{ type: string; record: unknown }>);
}

describe('startSandbox', () => {
  it('runs a cold start in the order of spec 7.1', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const result = await sandbox.invoke({ tag: 'hello', lines: 2 });
    await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect(result.status).toBe('success');
    expect(result.response).toEqual({ ok: true, tag: 'hello' });
    expect(delivered(sandbox.deliveries).map((e) => e.type)).toEqual([
      'platform.initStart',
      'platform.telemetrySubscription',
      'function',
      'platform.initRuntimeDone',
      'platform.extension',
      'platform.initReport',
      'platform.start',
      'function',
      'function',
      'platform.runtimeDone',
      'platform.report',
    ]);
  });

  it('gives platform events the fields of spec 4.5', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      functionName: 'orders-api',
      memorySizeMb: 1024,
    });

    const result = await sandbox.invoke({ lines: 1 });
    await sandbox.shutdown();

    const events = delivered(sandbox.deliveries);
    const record = (type: string) =>
      events.find((e) => e.type === type)?.record;
    expect(record('platform.initStart')).toMatchObject({
      initializationType: 'on-demand',
      phase: 'init',
      functionName: 'orders-api',
      functionVersion: '$LATEST',
      instanceMaxMemory: 1024,
    });
    expect(record('platform.extension')).toEqual({
      name: 'recorder',
      state: 'Ready',
      events: ['INVOKE', 'SHUTDOWN'],
    });
    expect(record('platform.initReport')).toMatchObject({
      initializationType: 'on-demand',
      phase: 'init',
      status: 'success',
      metrics: { durationMs: sandbox.initReport.durationMs },
    });
    expect(record('platform.runtimeDone')).toMatchObject({
      requestId: result.requestId,
      status: 'success',
      metrics: { producedBytes: 22 },
    });
    const spans = (
      record('platform.runtimeDone') as { spans: Array<{ name: string }> }
    ).spans;
    expect(spans.map((s) => s.name)).toEqual([
      'responseLatency',
      'responseDuration',
      'runtimeOverhead',
    ]);
    const report = record('platform.report') as {
      metrics: Record<string, number>;
      spans: Array<{ name: string; durationMs: number }>;
    };
    expect(report.metrics.initDurationMs).toBe(sandbox.initReport.durationMs);
    expect(report.metrics.memorySizeMB).toBe(1024);
    expect(report.metrics.billedDurationMs).toBe(
      Math.ceil(report.metrics.durationMs as number)
    );
    expect(report.spans).toEqual([
      expect.objectContaining({
        name: 'extensionOverhead',
        durationMs: result.postRuntimeMs,
      }),
    ]);
  });

  it('gives extensions the register answer and INVOKE and SHUTDOWN events of spec 3', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'out.ndjson');
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER, { FIXTURE_OUT: out }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      accountId: '210987654321',
    });

    const result = await sandbox.invoke({});
    const shutdown = await sandbox.shutdown();

    const records = await readRecords(out);
    expect(records.find((r) => r.kind === 'register')?.body).toEqual({
      functionName: 'sandbox-function',
      functionVersion: '$LATEST',
      handler: 'handler.handler',
      accountId: '210987654321',
    });
    const events = records
      .filter((r) => r.kind === 'event')
      .map((r) => r.body as Record<string, unknown>);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      eventType: 'INVOKE',
      requestId: result.requestId,
      invokedFunctionArn:
        'arn:aws:lambda:us-east-1:210987654321:function:sandbox-function',
      tracing: { type: 'X-Amzn-Trace-Id' },
    });
    expect(typeof events[0]?.deadlineMs).toBe('number');
    expect(events[1]).toEqual({
      eventType: 'SHUTDOWN',
      shutdownReason: 'spindown',
      deadlineMs: shutdown.deadlineMs,
    });
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: 'recorder',
        exitCode: 0,
        signal: null,
        beforeDeadline: true,
      }),
    ]);
  });

  it('delivers the report of invoke N only after the thaw for N+1 or at SHUTDOWN', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });
    const first = await sandbox.invoke({});
    await new Promise((resolve) => setTimeout(resolve, 100));
    const countBefore = sandbox.deliveries.length;
    const secondStartMs = Date.now();
    const second = await sandbox.invoke({});
    const shutdownStartMs = Date.now();
    await sandbox.shutdown();

    const reportOf = (requestId: string) =>
      sandbox.deliveries.find(
        (d) =>
          d.status === 200 &&
          d.events.some((e) => {
            const ev = e as { type: string; record: { requestId?: string } };
            return (
              ev.type === 'platform.report' && ev.record.requestId === requestId
            );
          })
      );
    expect(sandbox.deliveries.slice(countBefore).length).toBeGreaterThan(0);
    expect(
      sandbox.deliveries.filter(
        (d) => d.atMs > secondStartMs - 90 && d.atMs < secondStartMs
      )
    ).toHaveLength(0);
    expect(reportOf(first.requestId)?.atMs).toBeGreaterThanOrEqual(
      secondStartMs
    );
    expect(reportOf(second.requestId)?.atMs).toBeGreaterThanOrEqual(
      shutdownStartMs
    );
    expect(reportOf(second.requestId)?.phase).toBe('shutdown');
  });

  it('delivers every function line exactly once', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    for (let i = 0; i < 5; i += 1)
      await sandbox.invoke({ tag: `invoke-${i}`, lines: 300 });
    await sandbox.shutdown();

    const lines = delivered(sandbox.deliveries)
      .filter((e) => e.type === 'function')
      .map((e) => String(e.record).split('\t')[3]?.trim());
    expect(lines).toHaveLength(1 + 5 * 300);
    expect(new Set(lines).size).toBe(1 + 5 * 300);
  });
});
