import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Destination, SendOutcome } from '../src/destination.js';
import { ConfigError } from '../src/errors.js';
import type { LogEvent } from '../src/log-event.js';
import { type ExtensionApp, runExtension } from '../src/run-extension.js';
import {
  type RecordedCall,
  type Route,
  startRuntimeApiStandIn,
} from './support/runtime-api-stand-in.js';

// runExtension against a stand-in for the Runtime API (see the helper) that
// plays Lambda's part: it answers register and subscribe, hands out INVOKE
// and SHUTDOWN, and POSTs telemetry to the extension's listener like
// Lambda would. The real platform is played by @logdrain/sandbox in the
// apps' end-to-end tests.

const ID = '6f0c3b5e-2a7d-4b1e-9f44-1c8d2e7a9b10';
const REGISTER = 'POST /2020-01-01/extension/register';
const TELEMETRY = 'PUT /2022-07-01/telemetry';
const NEXT = 'GET /2020-01-01/extension/event/next';
const INIT_ERROR = 'POST /2020-01-01/extension/init/error';

const registered: Route = {
  status: 200,
  headers: { 'Lambda-Extension-Identifier': ID },
  body: {
    functionName: 'orders-api',
    functionVersion: '$LATEST',
    handler: 'index.handler',
    accountId: '123456789012',
  },
};

function recordInto(calls: RecordedCall[], reply: Route): Route {
  return (call) => {
    calls.push(call);
    return typeof reply === 'function' ? reply(call) : reply;
  };
}

interface Harness {
  /** Port of the extension's listener, known once it subscribed. */
  port: () => number;
  post: (events: unknown[]) => Promise<number>;
}

function harness(calls: RecordedCall[]): Harness {
  const port = () => {
    const sub = calls.find((c) => c.path === '/2022-07-01/telemetry');
    const body = sub?.body as { destination: { URI: string } } | undefined;
    const uri = body?.destination.URI ?? 'http://unknown:0/';
    return Number(new URL(uri).port);
  };
  return {
    port,
    post: (events) =>
      new Promise((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: port(), method: 'POST', path: '/' },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          }
        );
        req.on('error', reject);
        req.end(JSON.stringify(events));
      }),
  };
}

const line = (n: number, requestId: string) => ({
  time: new Date().toISOString(),
  type: 'function',
  record: `2026-01-20T09:14:02.700Z\t${requestId}\tINFO\tline ${n}\n`,
});
const platform = (type: string, requestId: string, extra = {}) => ({
  time: new Date().toISOString(),
  type,
  record: { requestId, status: 'success', ...extra },
});
const invoke = (requestId: string, timeoutMs = 3_000) => ({
  status: 200,
  body: {
    eventType: 'INVOKE',
    requestId,
    deadlineMs: Date.now() + timeoutMs,
    invokedFunctionArn:
      'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
  },
});
const shutdown = (reason: string, budgetMs = 1_700) => ({
  status: 200,
  body: {
    eventType: 'SHUTDOWN',
    shutdownReason: reason,
    deadlineMs: Date.now() + budgetMs,
  },
});

function memoryDestination(
  outcome: () => SendOutcome = () => ({ status: 'delivered' })
): Destination & { batches: LogEvent[][]; closed: boolean } {
  const destination = {
    name: 'memory',
    limits: { maxBatchBytes: 1024 * 1024, maxBatchItems: 1_000 },
    batches: [] as LogEvent[][],
    closed: false,
    async send(batch: readonly LogEvent[]) {
      const result = outcome();
      if (result.status === 'delivered') destination.batches.push([...batch]);
      return result;
    },
    async close() {
      destination.closed = true;
    },
  };
  return destination;
}

async function run(opts: {
  routes: Record<string, Route[]>;
  env?: Record<string, string>;
  app?: Partial<ExtensionApp<{ ok: boolean }>>;
  destination?: Destination;
}) {
  const api = await startRuntimeApiStandIn(opts.routes);
  const logLines: string[] = [];
  let exitCode: number | undefined;
  let exitedAtMs = 0;
  try {
    await runExtension<{ ok: boolean }>({
      defaultName: 'logdrain-test',
      argv: ['node', 'index.mjs', 'logdrain-memory'],
      env: {
        AWS_LAMBDA_RUNTIME_API: api.runtimeApi,
        AWS_REGION: 'eu-west-1',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        LOGDRAIN_LISTENER_HOST: '127.0.0.1',
        LOGDRAIN_TELEMETRY_TIMEOUT_MS: '25',
        ...opts.env,
      },
      parseConfig: () => ({ ok: true }),
      createDestination: () => opts.destination ?? memoryDestination(),
      exit: (code) => {
        exitCode = code;
        exitedAtMs = Date.now();
      },
      writeLog: (l) => logLines.push(l),
      guardProcess: false,
      ...opts.app,
    });
  } finally {
    await api.close();
  }
  const logs = logLines.map(
    (l) => JSON.parse(l) as { level: string; msg: string; component: string }
  );
  return { calls: api.calls, exitCode, exitedAtMs, logs };
}

describe('runExtension', () => {
  it('registers first, ships an invoke, waits for the report at SHUTDOWN and exits 0 in time', async () => {
    const destination = memoryDestination();
    const calls: RecordedCall[] = [];
    const lambda = harness(calls);
    let shutdownDeadlineMs = 0;
    let deliveredBeforeSecondNext = 0;

    const result = await run({
      destination,
      routes: {
        [REGISTER]: [recordInto(calls, registered)],
        [TELEMETRY]: [recordInto(calls, { status: 200, body: 'OK' })],
        [NEXT]: [
          () => {
            setTimeout(async () => {
              const lines = Array.from({ length: 50 }, (_, i) =>
                line(i, 'req-1')
              );
              await lambda.post([
                platform('platform.start', 'req-1'),
                ...lines,
              ]);
              await lambda.post([platform('platform.runtimeDone', 'req-1')]);
            }, 20);
            return invoke('req-1');
          },
          () => {
            deliveredBeforeSecondNext = destination.batches.flat().length;
            const reply = shutdown('spindown');
            shutdownDeadlineMs = reply.body.deadlineMs;
            setTimeout(
              () =>
                lambda.post([
                  platform('platform.report', 'req-1', {
                    metrics: { durationMs: 1 },
                  }),
                ]),
              30
            );
            return reply;
          },
        ],
      },
    });

    const types = destination.batches.flat().map((e) => e.type);
    expect(result.calls[0]?.path).toBe('/2020-01-01/extension/register');
    expect(result.calls[0]?.headers['lambda-extension-name']).toBe(
      'logdrain-memory'
    );
    expect(result.calls[0]?.body).toEqual({ events: ['INVOKE', 'SHUTDOWN'] });
    expect(result.calls[1]?.body).toMatchObject({
      schemaVersion: '2025-01-29',
      types: ['platform', 'function'],
      buffering: { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 25 },
    });
    expect(deliveredBeforeSecondNext).toBe(52);
    expect(types.filter((t) => t === 'function')).toHaveLength(50);
    expect(types.filter((t) => t === 'platform.report')).toHaveLength(1);
    expect(destination.batches.flat()[0]?.context).toMatchObject({
      functionName: 'orders-api',
      accountId: '123456789012',
      extensionName: 'logdrain-memory',
    });
    expect(destination.closed).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.exitedAtMs).toBeLessThan(shutdownDeadlineMs);
    expect(result.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('registers for SHUTDOWN only and flushes in the background when the platform refuses INVOKE', async () => {
    let resolveDelivered: () => void = () => {};
    const delivered = new Promise<void>((resolve) => {
      resolveDelivered = resolve;
    });
    const destination = memoryDestination();
    const send = destination.send.bind(destination);
    destination.send = async (batch, ctx) => {
      const outcome = await send(batch, ctx);
      if (destination.batches.flat().length === 3) resolveDelivered();
      return outcome;
    };
    const calls: RecordedCall[] = [];
    const lambda = harness(calls);

    const result = await run({
      destination,
      env: { LOGDRAIN_LOG_LEVEL: 'info', LOGDRAIN_FLUSH: 'continuous:100' },
      routes: {
        [REGISTER]: [
          {
            status: 403,
            body: {
              errorType: 'Extension.InvalidEventType',
              errorMessage: 'INVOKE is not allowed',
            },
          },
          registered,
        ],
        [TELEMETRY]: [recordInto(calls, { status: 200, body: 'OK' })],
        [NEXT]: [
          // No INVOKE ever comes: only the background timer can ship these
          // before SHUTDOWN is handed out.
          async () => {
            await lambda.post([
              line(1, 'req-a'),
              line(2, 'req-b'),
              line(3, 'req-a'),
            ]);
            await delivered;
            return shutdown('spindown');
          },
        ],
      },
    });

    const registers = result.calls.filter(
      (c) => c.path === '/2020-01-01/extension/register'
    );
    expect(registers.map((c) => c.body)).toEqual([
      { events: ['INVOKE', 'SHUTDOWN'] },
      { events: ['SHUTDOWN'] },
    ]);
    expect(destination.batches.flat().map((e) => e.message)).toEqual([
      'line 1',
      'line 2',
      'line 3',
    ]);
    const notes = result.logs.filter((l) =>
      l.msg.includes('Lambda Managed Instances mode')
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]?.level).toBe('info');
    expect(result.exitCode).toBe(0);
  });

  it('registers for SHUTDOWN only, at once, when AWS_LAMBDA_INITIALIZATION_TYPE says Managed Instances', async () => {
    const result = await run({
      env: { AWS_LAMBDA_INITIALIZATION_TYPE: 'lambda-managed-instances' },
      routes: {
        [REGISTER]: [registered],
        [TELEMETRY]: [{ status: 200, body: 'OK' }],
        [NEXT]: [shutdown('spindown')],
      },
    });

    expect(result.calls[0]?.body).toEqual({ events: ['SHUTDOWN'] });
    expect(
      result.calls.filter((c) => c.path === '/2020-01-01/extension/register')
    ).toHaveLength(1);
    expect(result.exitCode).toBe(0);
  });

  it('reports Extension.ConfigInvalid with every problem and exits 1 under fail', async () => {
    const result = await run({
      env: { LOGDRAIN_REDACT: 'phone' },
      app: {
        parseConfig: () => {
          throw new ConfigError([
            {
              variable: 'LOGDRAIN_WEBHOOK_URL',
              value: undefined,
              allowed: 'an https URL',
            },
          ]);
        },
      },
      routes: {
        [REGISTER]: [registered],
        [INIT_ERROR]: [{ status: 202, body: { status: 'OK' } }],
      },
    });

    expect(result.exitCode).toBe(1);
    expect(result.calls.map((c) => c.path)).toEqual([
      '/2020-01-01/extension/register',
      '/2020-01-01/extension/init/error',
    ]);
    expect(
      result.calls[1]?.headers['lambda-extension-function-error-type']
    ).toBe('Extension.ConfigInvalid');
    const body = result.calls[1]?.body as { errorMessage: string } | undefined;
    const message = body?.errorMessage ?? '';
    expect(message).toContain('LOGDRAIN_REDACT');
    expect(message).toContain(
      'LOGDRAIN_WEBHOOK_URL must be an https URL, it is not set'
    );
  });

  it('stays registered and idle with one error line under disable, and exits 0 at SHUTDOWN', async () => {
    const result = await run({
      env: {
        LOGDRAIN_ON_CONFIG_ERROR: 'disable',
        LOGDRAIN_CONFIG: '/nonexistent.json',
      },
      routes: {
        [REGISTER]: [registered],
        [NEXT]: [invoke('req-1'), invoke('req-2'), shutdown('spindown')],
      },
    });

    expect(result.exitCode).toBe(0);
    expect(result.calls.map((c) => c.path)).toEqual([
      '/2020-01-01/extension/register',
      '/2020-01-01/extension/event/next',
      '/2020-01-01/extension/event/next',
      '/2020-01-01/extension/event/next',
    ]);
    const errors = result.logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toContain(
      'logdrain-memory is disabled and ships nothing'
    );
    expect(errors[0]?.msg).toContain('LOGDRAIN_CONFIG');
  });

  it('exits 1 without calling anything else when registration fails', async () => {
    const result = await run({
      routes: {
        [REGISTER]: [
          { status: 403, body: { errorType: 'Extension.RegistrationClosed' } },
        ],
      },
    });

    expect(result.exitCode).toBe(1);
    expect(result.calls).toHaveLength(1);
  });

  it('reports Extension.SubscribeFailed when the subscription is refused', async () => {
    const result = await run({
      routes: {
        [REGISTER]: [registered],
        [TELEMETRY]: [
          {
            status: 400,
            body: { errorType: 'ValidationError', errorMessage: 'bad' },
          },
        ],
        [INIT_ERROR]: [{ status: 202, body: { status: 'OK' } }],
      },
    });

    expect(result.exitCode).toBe(1);
    expect(
      result.calls[2]?.headers['lambda-extension-function-error-type']
    ).toBe('Extension.SubscribeFailed');
  });

  it('keeps running without telemetry when the platform answers 202', async () => {
    const result = await run({
      routes: {
        [REGISTER]: [registered],
        [TELEMETRY]: [
          {
            status: 202,
            body: { errorType: 'Telemetry.NotSupported', errorMessage: 'no' },
          },
        ],
        [NEXT]: [invoke('req-1'), shutdown('spindown')],
      },
    });

    expect(result.exitCode).toBe(0);
    const warnings = result.logs.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('Telemetry.NotSupported');
  });

  it('queues a logdrain.shutdown record naming the request in flight on a timeout', async () => {
    const destination = memoryDestination();
    const calls: RecordedCall[] = [];
    const lambda = harness(calls);

    const result = await run({
      destination,
      routes: {
        [REGISTER]: [registered],
        [TELEMETRY]: [recordInto(calls, { status: 200, body: 'OK' })],
        [NEXT]: [
          invoke('req-9', 200),
          () => {
            setTimeout(
              () =>
                lambda.post([
                  platform('platform.runtimeDone', 'req-9', {
                    status: 'timeout',
                  }),
                  platform('platform.report', 'req-9', { status: 'timeout' }),
                ]),
              10
            );
            return shutdown('TIMEOUT');
          },
        ],
      },
    });

    const synthetic = destination.batches
      .flat()
      .filter((e) => e.type === 'logdrain.shutdown');
    expect(result.exitCode).toBe(0);
    expect(synthetic).toHaveLength(1);
    expect(synthetic[0]).toMatchObject({
      requestId: 'req-9',
      level: 'ERROR',
      coldStart: true,
      record: { shutdownReason: 'timeout', requestId: 'req-9' },
    });
    expect(synthetic[0]?.message).toContain('reason: timeout');
  });

  it('reports every record it could not deliver in one error line and still exits 0 in time', async () => {
    const destination = memoryDestination(() => ({
      status: 'retry',
      reason: 'HTTP 503',
    }));
    const calls: RecordedCall[] = [];
    const lambda = harness(calls);
    let deadlineMs = 0;

    const result = await run({
      destination,
      routes: {
        [REGISTER]: [registered],
        [TELEMETRY]: [recordInto(calls, { status: 200, body: 'OK' })],
        [NEXT]: [
          () => {
            setTimeout(
              () =>
                lambda.post([
                  line(1, 'req-1'),
                  line(2, 'req-1'),
                  platform('platform.runtimeDone', 'req-1'),
                ]),
              10
            );
            return invoke('req-1');
          },
          () => {
            const reply = shutdown('spindown', 1_000);
            deadlineMs = reply.body.deadlineMs;
            return reply;
          },
        ],
      },
    });

    expect(result.exitCode).toBe(0);
    expect(result.exitedAtMs).toBeLessThan(deadlineMs);
    expect(destination.batches).toHaveLength(0);
    const errors = result.logs
      .filter((l) => l.level === 'error')
      .map((l) => l.msg);
    expect(errors).toContain(
      'lost 3 records: 3 records unsent: still queued when the extension stopped'
    );
  });
});
