import { describe, expect, it } from 'vitest';
import { startHeldEnvironment } from './support/held-environment.js';
import { PATHS, pendingCall, rawCall } from './support/raw-call.js';
import { as, registerAs } from './support/register-as.js';

const errorHeaders = (id: string, type?: string) => ({
  ...as(id),
  'content-type': 'application/json',
  ...(type ? { 'lambda-extension-function-error-type': type } : {}),
});
const ERROR_BODY = {
  errorMessage: 'S3_BUCKET is required',
  errorType: 'CONFIG_INVALID',
  stackTrace: [],
};

describe('spec 3.4 Init error, 3.5 Exit error, 3.8 failure types', {
  timeout: 60_000,
}, () => {
  it('3.4: answers init/error with 202 {"status":"OK"}, fails Init with Extension.InitError and refuses the extension afterwards', async () => {
    await using env = await startHeldEnvironment({ extensions: ['broken'] });
    const broken = await env.extension('broken');
    const id = await registerAs(broken.api, 'broken');

    const noType = await rawCall(broken.api, 'POST', PATHS.initError, {
      headers: errorHeaders(id),
      body: ERROR_BODY,
    });
    const reported = await rawCall(broken.api, 'POST', PATHS.initError, {
      headers: errorHeaders(id, 'Extension.ConfigInvalid'),
      body: ERROR_BODY,
    });
    const nextAfter = await rawCall(broken.api, 'GET', PATHS.next, {
      headers: as(id),
    });
    broken.exit(1);
    const sandbox = await env.started;

    expect(noType).toMatchObject({
      status: 403,
      body: { errorType: 'Extension.MissingHeader' },
    });
    expect(reported).toMatchObject({ status: 202, body: { status: 'OK' } });
    expect(nextAfter).toMatchObject({
      status: 403,
      body: { errorType: 'Extension.InvalidExtensionState' },
    });
    const record = (type: string) =>
      sandbox.events.find((e) => e.type === type)?.record;
    expect(record('platform.initRuntimeDone')).toEqual({
      initializationType: 'on-demand',
      phase: 'init',
      status: 'error',
      errorType: 'Extension.InitError',
    });
    expect(record('platform.extension')).toEqual({
      name: 'broken',
      state: 'InitError',
      events: ['INVOKE', 'SHUTDOWN'],
      errorType: 'Extension.InitError',
    });
    expect(record('platform.initReport')).toMatchObject({
      status: 'error',
      errorType: 'Extension.InitError',
    });
  });

  it('3.5: answers exit/error with 202, fails the invoke with Extension.ExitError and resets with SHUTDOWN failure to the others', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha', 'broken'],
      heldRuntime: true,
    });
    const alpha = await env.extension('alpha');
    const broken = await env.extension('broken');
    const alphaId = await registerAs(alpha.api, 'alpha');
    const brokenId = await registerAs(broken.api, 'broken');
    const runtime = await env.runtime();
    const api = runtime.api;
    const alphaNext = rawCall(api, 'GET', PATHS.next, { headers: as(alphaId) });
    const brokenNext = rawCall(api, 'GET', PATHS.next, {
      headers: as(brokenId),
    });
    const runtimeNext = rawCall(api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;

    const invoke = sandbox.invoke({});
    await Promise.all([alphaNext, brokenNext, runtimeNext]);
    const alphaShutdown = rawCall(api, 'GET', PATHS.next, {
      headers: as(alphaId),
    });
    const noType = await rawCall(api, 'POST', PATHS.exitError, {
      headers: errorHeaders(brokenId),
      body: ERROR_BODY,
    });
    const reported = await rawCall(api, 'POST', PATHS.exitError, {
      headers: errorHeaders(brokenId, 'Extension.Broken'),
      body: ERROR_BODY,
    });
    broken.exit(1);
    const shutdownEvent = await alphaShutdown;
    alpha.exit(0);
    const result = await invoke;

    expect(noType).toMatchObject({
      status: 403,
      body: { errorType: 'Extension.MissingHeader' },
    });
    expect(reported).toMatchObject({ status: 202, body: { status: 'OK' } });
    expect(result).toMatchObject({
      status: 'failure',
      errorType: 'Extension.ExitError',
      reset: { reason: 'failure' },
    });
    expect(shutdownEvent.body).toEqual({
      eventType: 'SHUTDOWN',
      shutdownReason: 'failure',
      deadlineMs: result.reset?.deadlineMs,
    });
    const report = sandbox.events.find((e) => e.type === 'platform.report');
    expect(report?.record).toMatchObject({
      status: 'error',
      errorType: 'Extension.ExitError',
    });
  });

  it('3.8/7.4: an extension that exits with code 0 during an invoke is Extension.Crash', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['quitter'],
      heldRuntime: true,
    });
    const quitter = await env.extension('quitter');
    const id = await registerAs(quitter.api, 'quitter');
    const runtime = await env.runtime();
    const next = rawCall(runtime.api, 'GET', PATHS.next, { headers: as(id) });
    const runtimeNext = rawCall(runtime.api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;

    const invoke = sandbox.invoke({});
    await Promise.all([next, runtimeNext]);
    quitter.exit(0);
    const result = await invoke;
    void pendingCall(runtime.api, 'GET', PATHS.runtimeNext);

    expect(result).toMatchObject({
      status: 'failure',
      errorType: 'Extension.Crash',
      reset: { reason: 'failure' },
    });
    expect(
      sandbox.events
        .filter((e) => e.type.startsWith('platform.r'))
        .map((e) => [e.type, e.record])
    ).toEqual([
      [
        'platform.runtimeDone',
        expect.objectContaining({
          status: 'error',
          errorType: 'Extension.Crash',
        }),
      ],
      [
        'platform.report',
        expect.objectContaining({
          status: 'error',
          errorType: 'Extension.Crash',
        }),
      ],
    ]);
  });
});
