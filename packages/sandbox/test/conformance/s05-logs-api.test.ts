import { describe, expect, it } from 'vitest';
import { HANDLER } from '../helpers.js';
import { startHeldEnvironment } from './support/held-environment.js';
import { PATHS, rawCall } from './support/raw-call.js';
import { as } from './support/register-as.js';
import { subscribeHeld, subscription } from './support/subscribed-extension.js';
import {
  type DeliveredEvent,
  startTelemetryListener,
  waitFor,
} from './support/telemetry-listener.js';

/** One cold invoke and one crash, seen by a Logs API subscriber. */
async function logsRun(schemaVersion: string | undefined) {
  await using listener = await startTelemetryListener();
  await using env = await startHeldEnvironment({
    extensions: ['legacy'],
    handler: HANDLER,
    sandbox: { logFormat: 'JSON' },
  });
  const body = {
    ...subscription({
      port: listener.httpPort,
      types: ['platform', 'function'],
    }),
    schemaVersion,
  };
  const reports = () =>
    listener.events().filter((e) => e.type === 'platform.report').length;
  const held = await env.extension('legacy');
  const ext = await subscribeHeld(held, body, {
    path: PATHS.logs,
    beforeExit: () => waitFor(() => reports() === 2, 'two reports'),
  });
  // Documented as idempotent: a repeat does not duplicate the stream.
  const repeat = await rawCall(held.api, 'PUT', PATHS.logs, {
    headers: as(ext.id),
    body,
  });
  const sandbox = await env.started;
  const ok = await sandbox.invoke({ tag: 'logs', lines: 1 });
  const crashed = await sandbox.invoke({ exitCode: 4 });
  await sandbox.shutdown();
  return {
    answers: [ext.subscribe.status, ext.subscribe.body, repeat.status],
    events: listener.events(),
    ok,
    crashed,
  };
}

const summary = (events: DeliveredEvent[]) =>
  events.map((e) =>
    e.type === 'function' ? `function ${typeof e.record}` : e.type
  );

describe('spec 5 Logs API (2020-08-15 and 2021-03-18)', {
  timeout: 60_000,
}, () => {
  it('2020-08-15 (the default): no initStart, platform.end, string function records even under JSON format, no runtimeDone, platform.fault on a crash', async () => {
    const { answers, events, ok, crashed } = await logsRun(undefined);

    expect(answers).toEqual([200, 'OK', 200]);
    expect(summary(events)).toEqual([
      'platform.logsSubscription',
      'function string',
      'platform.extension',
      'platform.start',
      'function string',
      'platform.end',
      'platform.report',
      'platform.start',
      'function string',
      'platform.end',
      'platform.fault',
      'platform.report',
    ]);
    const record = (type: string, n = 0) =>
      events.filter((e) => e.type === type)[n]?.record;
    expect(record('platform.logsSubscription')).toEqual({
      name: 'legacy',
      state: 'Subscribed',
      types: ['platform', 'function'],
    });
    expect(record('platform.extension')).toEqual({
      name: 'legacy',
      state: 'Ready',
      events: ['INVOKE', 'SHUTDOWN'],
    });
    expect(record('platform.start')).toEqual({
      requestId: ok.requestId,
      version: '$LATEST',
    });
    expect(record('platform.end')).toEqual({ requestId: ok.requestId });
    expect(record('platform.report')).toEqual({
      requestId: ok.requestId,
      metrics: {
        durationMs: expect.any(Number),
        billedDurationMs: expect.any(Number),
        memorySizeMB: 128,
        maxMemoryUsedMB: expect.any(Number),
        initDurationMs: expect.any(Number),
      },
      tracing: expect.objectContaining({ type: 'X-Amzn-Trace-Id' }),
    });
    expect(record('platform.fault')).toBe(
      `RequestId: ${crashed.requestId} Status: error\tErrorType: Runtime.ExitError`
    );
    expect(JSON.parse(record('function', 1) as string)).toMatchObject({
      level: 'INFO',
      message: 'logs 0',
      requestId: ok.requestId,
    });
  });

  it('2021-03-18 adds platform.runtimeDone {requestId, status} with success or failure', async () => {
    const { answers, events, ok, crashed } = await logsRun('2021-03-18');

    expect(answers).toEqual([200, 'OK', 200]);
    expect(
      events
        .filter((e) => e.type === 'platform.runtimeDone')
        .map((e) => e.record)
    ).toEqual([
      { requestId: ok.requestId, status: 'success' },
      { requestId: crashed.requestId, status: 'failure' },
    ]);
  });

  it('refuses an invalid subscription with 400 Logs.ValidationError and honours destination.method PUT', async () => {
    await using listener = await startTelemetryListener();
    await using env = await startHeldEnvironment({
      extensions: ['legacy'],
      handler: HANDLER,
    });
    const body = subscription({ port: listener.httpPort, types: ['platform'] });
    const held = await env.extension('legacy');
    const invalid = await subscribeHeld(
      held,
      { ...body, schemaVersion: '2022-12-13' },
      { path: PATHS.logs, beforeExit: async () => undefined }
    );
    const put = await rawCall(held.api, 'PUT', PATHS.logs, {
      headers: as(invalid.id),
      body: {
        ...body,
        schemaVersion: '2021-03-18',
        destination: {
          ...(body as { destination: object }).destination,
          method: 'PUT',
        },
      },
    });
    const sandbox = await env.started;
    await sandbox.invoke({});
    await sandbox.shutdown();

    expect(invalid.subscribe).toMatchObject({
      status: 400,
      body: { errorType: 'Logs.ValidationError' },
    });
    expect(put.status).toBe(200);
    expect(listener.posts.length).toBeGreaterThan(0);
    expect(new Set(listener.posts.map((p) => p.method))).toEqual(
      new Set(['PUT'])
    );
  });
});
