import { describe, expect, it } from 'vitest';
import { createExtensionsClient } from '../src/extensions-client.js';
import { startRuntimeApiStandIn } from './support/runtime-api-stand-in.js';

// These tests talk to a small stand-in for the Runtime API (see the helper);
// the real protocol is exercised against @logdrain/sandbox end to end.

const ID = '6f0c3b5e-2a7d-4b1e-9f44-1c8d2e7a9b10';
const REGISTER = 'POST /2020-01-01/extension/register';
const NEXT = 'GET /2020-01-01/extension/event/next';

const registered = {
  status: 200,
  headers: { 'Lambda-Extension-Identifier': ID },
  body: {
    functionName: 'orders-api',
    functionVersion: '$LATEST',
    handler: 'index.handler',
    accountId: '123456789012',
  },
};

describe('createExtensionsClient', () => {
  it('registers with the name, events and accountId feature', async () => {
    await using api = await startRuntimeApiStandIn({
      [REGISTER]: [registered],
    });
    const client = createExtensionsClient({ runtimeApi: api.runtimeApi });

    const result = await client.register({
      name: 'logdrain-webhook',
      events: ['INVOKE', 'SHUTDOWN'],
      acceptFeatures: ['accountId'],
    });

    expect(result).toEqual({
      extensionId: ID,
      functionName: 'orders-api',
      functionVersion: '$LATEST',
      handler: 'index.handler',
      accountId: '123456789012',
    });
    expect(client.extensionId).toBe(ID);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]?.headers['lambda-extension-name']).toBe(
      'logdrain-webhook'
    );
    expect(api.calls[0]?.headers['lambda-extension-accept-feature']).toBe(
      'accountId'
    );
    expect(api.calls[0]?.body).toEqual({ events: ['INVOKE', 'SHUTDOWN'] });
  });

  it('fails registration with REGISTER_FAILED naming the status and error type', async () => {
    await using api = await startRuntimeApiStandIn({
      [REGISTER]: [
        {
          status: 403,
          body: {
            errorType: 'Extension.InvalidExtensionName',
            errorMessage: 'empty name',
          },
        },
      ],
    });
    const client = createExtensionsClient({ runtimeApi: api.runtimeApi });

    const attempt = client.register({ name: '', events: ['SHUTDOWN'] });

    await expect(attempt).rejects.toMatchObject({
      name: 'PlatformRefusalError',
      code: 'REGISTER_FAILED',
      message:
        'register answered 403: Extension.InvalidExtensionName: empty name',
      status: 403,
      errorType: 'Extension.InvalidExtensionName',
    });
  });

  it('fails registration without an identifier header', async () => {
    await using api = await startRuntimeApiStandIn({
      [REGISTER]: [{ status: 200, body: {} }],
    });
    const client = createExtensionsClient({ runtimeApi: api.runtimeApi });

    const attempt = client.register({ name: 'x', events: ['SHUTDOWN'] });

    await expect(attempt).rejects.toMatchObject({ code: 'REGISTER_FAILED' });
  });

  it('fails with REGISTER_FAILED when the API is unreachable', async () => {
    const api = await startRuntimeApiStandIn({});
    await api.close();
    const client = createExtensionsClient({ runtimeApi: api.runtimeApi });

    const attempt = client.register({ name: 'x', events: ['SHUTDOWN'] });

    await expect(attempt).rejects.toMatchObject({ code: 'REGISTER_FAILED' });
  });

  it('returns INVOKE and SHUTDOWN events, with the reason lower-cased', async () => {
    await using api = await startRuntimeApiStandIn({
      [REGISTER]: [registered],
      [NEXT]: [
        {
          status: 200,
          body: {
            eventType: 'INVOKE',
            deadlineMs: 1769001234567,
            requestId: '8f507cfc',
            invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:f',
            tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1' },
          },
        },
        {
          status: 200,
          body: {
            eventType: 'SHUTDOWN',
            shutdownReason: 'SPINDOWN',
            deadlineMs: '1769001301734',
          },
        },
      ],
    });
    const client = createExtensionsClient({ runtimeApi: api.runtimeApi });
    await client.register({ name: 'x', events: ['INVOKE', 'SHUTDOWN'] });

    const invoke = await client.next();
    const shutdown = await client.next();

    expect(invoke).toEqual({
      eventType: 'INVOKE',
      deadlineMs: 1769001234567,
      requestId: '8f507cfc',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:f',
      tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1' },
    });
    expect(shutdown).toEqual({
      eventType: 'SHUTDOWN',
      shutdownReason: 'spindown',
      deadlineMs: 1769001301734,
    });
    expect(api.calls[1]?.headers['lambda-extension-identifier']).toBe(ID);
  });

  it('waits on /event/next longer than any default timeout would allow', async () => {
    let release: () => void = () => {};
    const wait = new Promise<void>((resolve) => {
      release = resolve;
    });
    await using api = await startRuntimeApiStandIn({
      [REGISTER]: [registered],
      [NEXT]: [
        {
          status: 200,
          wait,
          body: {
            eventType: 'SHUTDOWN',
            shutdownReason: 'timeout',
            deadlineMs: 1,
          },
        },
      ],
    });
    const client = createExtensionsClient({ runtimeApi: api.runtimeApi });
    await client.register({ name: 'x', events: ['SHUTDOWN'] });
    let settled = false;

    const pending = client.next().finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = settled;
    release();
    const event = await pending;

    expect(before).toBe(false);
    expect(event).toMatchObject({ shutdownReason: 'timeout' });
  });

  it('reports an unknown event type as PLATFORM_ERROR', async () => {
    await using api = await startRuntimeApiStandIn({
      [REGISTER]: [registered],
      [NEXT]: [{ status: 200, body: { eventType: 'RESTORE' } }],
    });
    const client = createExtensionsClient({ runtimeApi: api.runtimeApi });
    await client.register({ name: 'x', events: ['SHUTDOWN'] });

    await expect(client.next()).rejects.toMatchObject({
      code: 'PLATFORM_ERROR',
    });
  });

  it('posts init and exit errors with the error type header', async () => {
    await using api = await startRuntimeApiStandIn({
      [REGISTER]: [registered],
      'POST /2020-01-01/extension/init/error': [
        { status: 202, body: { status: 'OK' } },
      ],
      'POST /2020-01-01/extension/exit/error': [
        { status: 202, body: { status: 'OK' } },
      ],
    });
    const client = createExtensionsClient({ runtimeApi: api.runtimeApi });
    await client.register({ name: 'x', events: ['SHUTDOWN'] });

    await client.initError('Extension.ConfigInvalid', 'URL is required');
    await client.exitError('Extension.Crash', new Error('boom'));

    expect(api.calls.slice(1).map((c) => [c.path, c.body])).toEqual([
      [
        '/2020-01-01/extension/init/error',
        {
          errorMessage: 'URL is required',
          errorType: 'Extension.ConfigInvalid',
          stackTrace: [],
        },
      ],
      [
        '/2020-01-01/extension/exit/error',
        { errorMessage: 'boom', errorType: 'Extension.Crash', stackTrace: [] },
      ],
    ]);
    expect(api.calls[1]?.headers['lambda-extension-function-error-type']).toBe(
      'Extension.ConfigInvalid'
    );
    expect(api.calls[2]?.headers['lambda-extension-identifier']).toBe(ID);
  });
});
