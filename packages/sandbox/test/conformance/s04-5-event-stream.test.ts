import { describe, expect, it } from 'vitest';
import { HANDLER } from '../helpers.js';
import { startHeldEnvironment } from './support/held-environment.js';
import { subscribeHeld, subscription } from './support/subscribed-extension.js';
import {
  type DeliveredEvent,
  startTelemetryListener,
  waitFor,
} from './support/telemetry-listener.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX16 = /^[0-9a-f]{16}$/;
const ms = expect.any(Number);
const iso = expect.stringMatching(ISO);

/** µs precision at most (spec 4.6). */
function micros(value: number): boolean {
  return Math.round(value * 1000) / 1000 === value;
}

describe('spec 4.4 envelope, 4.5 event types and 4.6 shared objects (cold start and a warm invoke)', {
  timeout: 60_000,
}, () => {
  it('delivers every platform event with exactly the documented fields', async () => {
    await using listener = await startTelemetryListener();
    await using env = await startHeldEnvironment({
      extensions: ['shipper'],
      handler: HANDLER,
      sandbox: { functionName: 'orders-api', memorySizeMb: 1024 },
    });
    const reports = () =>
      listener.events().filter((e) => e.type === 'platform.report').length;
    await subscribeHeld(
      await env.extension('shipper'),
      subscription({ port: listener.httpPort, types: ['platform'] }),
      { beforeExit: () => waitFor(() => reports() === 2, 'two reports') }
    );
    const sandbox = await env.started;

    const cold = await sandbox.invoke({ tag: 'cold' });
    const warm = await sandbox.invoke({ tag: 'warm' });
    await sandbox.shutdown();

    const events = listener.events();
    for (const event of events) {
      expect(Object.keys(event)).toEqual(['time', 'type', 'record']);
      expect(event.time).toMatch(ISO);
    }
    expect(events.map((e) => e.type)).toEqual([
      'platform.initStart',
      'platform.telemetrySubscription',
      'platform.initRuntimeDone',
      'platform.extension',
      'platform.initReport',
      'platform.start',
      'platform.runtimeDone',
      'platform.report',
      'platform.start',
      'platform.runtimeDone',
      'platform.report',
    ]);
    const [initStart, subscribed, runtimeDoneInit, extension, initReport] =
      events.map((e) => e.record) as Array<Record<string, unknown>>;
    expect(initStart).toEqual({
      initializationType: 'on-demand',
      phase: 'init',
      runtimeVersion: expect.any(String),
      functionName: 'orders-api',
      functionVersion: '$LATEST',
      instanceId: expect.stringMatching(
        /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/
      ),
      instanceMaxMemory: 1024,
    });
    expect(subscribed).toEqual({
      name: 'shipper',
      state: 'Subscribed',
      types: ['platform'],
    });
    expect(runtimeDoneInit).toEqual({
      initializationType: 'on-demand',
      phase: 'init',
      status: 'success',
    });
    expect(extension).toEqual({
      name: 'shipper',
      state: 'Ready',
      events: ['INVOKE', 'SHUTDOWN'],
    });
    expect(initReport).toEqual({
      initializationType: 'on-demand',
      phase: 'init',
      status: 'success',
      metrics: { durationMs: ms },
    });
    const byInvoke = (requestId: string) =>
      events
        .filter(
          (e) => (e.record as { requestId?: string }).requestId === requestId
        )
        .map((e) => e.record as Record<string, unknown>);
    const checkInvoke = (requestId: string, postRuntimeMs: number) => {
      const [start, done, report] = byInvoke(requestId) as Array<
        Record<string, unknown>
      >;
      const tracing = {
        spanId: expect.stringMatching(HEX16),
        type: 'X-Amzn-Trace-Id',
        value: expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/),
      };
      expect(start).toEqual({ requestId, version: '$LATEST', tracing });
      expect(done).toEqual({
        requestId,
        status: 'success',
        metrics: {
          durationMs: ms,
          producedBytes: Buffer.byteLength(
            JSON.stringify({
              ok: true,
              tag: requestId === cold.requestId ? 'cold' : 'warm',
            })
          ),
        },
        spans: ['responseLatency', 'responseDuration', 'runtimeOverhead'].map(
          (name) => ({ name, start: iso, durationMs: ms })
        ),
        tracing: start?.tracing,
      });
      expect(report?.tracing).toEqual(start?.tracing);
      expect(report?.status).toBe('success');
      expect(report?.spans).toEqual([
        { name: 'extensionOverhead', start: iso, durationMs: postRuntimeMs },
      ]);
      const metrics = (report?.metrics ?? {}) as Record<string, number>;
      expect(metrics.billedDurationMs).toBe(
        Math.ceil(metrics.durationMs as number)
      );
      expect(metrics.memorySizeMB).toBe(1024);
      expect(Number.isInteger(metrics.maxMemoryUsedMB)).toBe(true);
      for (const value of Object.values(metrics))
        expect(micros(value)).toBe(true);
      return metrics;
    };
    const coldMetrics = checkInvoke(cold.requestId, cold.postRuntimeMs);
    const warmMetrics = checkInvoke(warm.requestId, warm.postRuntimeMs);
    expect(Object.keys(coldMetrics)).toEqual([
      'durationMs',
      'billedDurationMs',
      'memorySizeMB',
      'maxMemoryUsedMB',
      'initDurationMs',
    ]);
    expect(coldMetrics.initDurationMs).toBe(
      (initReport?.metrics as { durationMs: number } | undefined)?.durationMs
    );
    expect(warmMetrics).not.toHaveProperty('initDurationMs');
  });

  it('reports a failed invoke with status error and errorType on runtimeDone and report, without response spans', async () => {
    await using listener = await startTelemetryListener();
    await using env = await startHeldEnvironment({
      extensions: ['shipper'],
      handler: HANDLER,
    });
    await subscribeHeld(
      await env.extension('shipper'),
      subscription({ port: listener.httpPort, types: ['platform'] }),
      {
        beforeExit: () =>
          waitFor(
            () => listener.events().some((e) => e.type === 'platform.report'),
            'the report'
          ),
      }
    );
    const sandbox = await env.started;

    const failed = await sandbox.invoke({ exitCode: 9 });

    const records = (type: string) =>
      listener
        .events()
        .filter((e: DeliveredEvent) => e.type === type)
        .map((e) => e.record);
    expect(records('platform.runtimeDone')).toEqual([
      {
        requestId: failed.requestId,
        status: 'error',
        errorType: 'Runtime.ExitError',
        metrics: { durationMs: ms, producedBytes: 0 },
        tracing: expect.any(Object),
      },
    ]);
    expect(records('platform.report')).toEqual([
      expect.objectContaining({
        requestId: failed.requestId,
        status: 'error',
        errorType: 'Runtime.ExitError',
      }),
    ]);
  });
});
