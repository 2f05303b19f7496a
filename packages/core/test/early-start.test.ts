import { describe, expect, it } from 'vitest';
import {
  failEarlyStart,
  registerEarly,
  takeEarlyStart,
} from '../src/early-start.js';
import { runExtension } from '../src/run-extension.js';
import { startRuntimeApiStandIn } from './support/runtime-api-stand-in.js';

// What a layer bundle built with registerFirst does: register, compile the
// app (here: wait for the registration to settle), then run it;
// runExtension must not register again.

const REGISTER = 'POST /2020-01-01/extension/register';
const TELEMETRY = 'PUT /2022-07-01/telemetry';
const NEXT = 'GET /2020-01-01/extension/event/next';
const INIT_ERROR = 'POST /2020-01-01/extension/init/error';

async function runAfterEarlyStart(registerReply: {
  status: number;
  body: unknown;
}) {
  const api = await startRuntimeApiStandIn({
    [REGISTER]: [
      {
        ...registerReply,
        headers: { 'Lambda-Extension-Identifier': 'ext-1' },
      },
    ],
    [TELEMETRY]: [{ status: 200, body: 'OK' }],
    [NEXT]: [
      {
        status: 200,
        body: {
          eventType: 'SHUTDOWN',
          shutdownReason: 'spindown',
          deadlineMs: Date.now() + 1_000,
        },
      },
    ],
  });
  const env = {
    AWS_LAMBDA_RUNTIME_API: api.runtimeApi,
    AWS_REGION: 'eu-west-1',
    LOGDRAIN_LISTENER_HOST: '127.0.0.1',
    LOGDRAIN_TELEMETRY_TIMEOUT_MS: '25',
  };
  const earlyLog: string[] = [];
  const log: string[] = [];
  let exitCode: number | undefined;
  try {
    const start = registerEarly({
      defaultName: 'logdrain-test',
      env,
      argv: ['node', 'index.mjs', '/opt/extensions/logdrain-early'],
      writeLog: (l) => earlyLog.push(l),
      guard: false,
    });
    // The app compiles meanwhile; a failed registration settles unawaited.
    await start.registration.then(
      () => undefined,
      () => undefined
    );
    await runExtension({
      defaultName: 'logdrain-app',
      argv: ['node', 'index.mjs', 'logdrain-app'],
      env,
      parseConfig: () => ({}),
      createDestination: () => ({
        name: 'memory',
        limits: { maxBatchBytes: 1024, maxBatchItems: 10 },
        send: async () => ({ status: 'delivered' }),
        close: async () => undefined,
      }),
      exit: (code) => {
        exitCode = code;
      },
      writeLog: (l) => log.push(l),
      guardProcess: false,
    });
  } finally {
    await api.close();
  }
  return { calls: api.calls, exitCode, earlyLog, log };
}

describe('registerEarly', () => {
  it('registers once, under its own argv, and runExtension goes on with that registration', async () => {
    const result = await runAfterEarlyStart({
      status: 200,
      body: { functionName: 'f', functionVersion: '1', handler: 'h' },
    });

    expect(result.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      REGISTER,
      TELEMETRY,
      NEXT,
    ]);
    expect(result.calls[0]?.headers['lambda-extension-name']).toBe(
      'logdrain-early'
    );
    expect(result.calls[1]?.headers['lambda-extension-identifier']).toBe(
      'ext-1'
    );
    expect(result.exitCode).toBe(0);
    expect(takeEarlyStart()).toBeUndefined();
  });

  it('lets runExtension log a failed registration with the early logger and exit 1', async () => {
    const result = await runAfterEarlyStart({
      status: 403,
      body: { errorType: 'Extension.RegistrationClosed' },
    });

    expect(result.calls).toHaveLength(1);
    expect(result.exitCode).toBe(1);
    expect(result.log).toEqual([]);
    expect(result.earlyLog.map((l) => JSON.parse(l).msg)).toEqual([
      'registration failed; exiting',
    ]);
    expect(JSON.parse(result.earlyLog[0] ?? '{}').component).toBe(
      'logdrain-early'
    );
  });
});

describe('failEarlyStart', () => {
  async function failAfter(registerStatus: number) {
    const api = await startRuntimeApiStandIn({
      [REGISTER]: [
        {
          status: registerStatus,
          body: { functionName: 'f', functionVersion: '1', handler: 'h' },
          headers: { 'Lambda-Extension-Identifier': 'ext-2' },
        },
      ],
      [INIT_ERROR]: [{ status: 202, body: {} }],
    });
    const earlyLog: string[] = [];
    const exits: number[] = [];
    try {
      const start = registerEarly({
        defaultName: 'logdrain-test',
        env: { AWS_LAMBDA_RUNTIME_API: api.runtimeApi },
        argv: ['node', 'index.mjs'],
        writeLog: (l) => earlyLog.push(l),
        guard: false,
      });
      await failEarlyStart(start, new TypeError('x is not a function'), (c) =>
        exits.push(c)
      );
      takeEarlyStart();
    } finally {
      await api.close();
    }
    return { calls: api.calls, exits, earlyLog };
  }

  it('logs the app failure, reports Extension.InitFailed to init/error and exits 1', async () => {
    const result = await failAfter(200);

    expect(result.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      REGISTER,
      INIT_ERROR,
    ]);
    expect(result.calls[1]?.headers).toMatchObject({
      'lambda-extension-identifier': 'ext-2',
      'lambda-extension-function-error-type': 'Extension.InitFailed',
    });
    expect(result.calls[1]?.body).toEqual({
      errorMessage: 'x is not a function',
      errorType: 'Extension.InitFailed',
      stackTrace: [],
    });
    expect(result.exits).toEqual([1]);
    expect(result.earlyLog.map((l) => JSON.parse(l).msg)).toEqual([
      'the app failed to start; exiting',
    ]);
  });

  it('exits 1 without init/error when the registration failed', async () => {
    const result = await failAfter(403);

    expect(result.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      REGISTER,
    ]);
    expect(result.exits).toEqual([1]);
    expect(result.earlyLog.map((l) => JSON.parse(l).msg)).toEqual([
      'the app failed to start; exiting',
    ]);
  });
});
