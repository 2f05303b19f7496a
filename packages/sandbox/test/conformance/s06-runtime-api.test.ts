import { describe, expect, it } from 'vitest';
import { startHeldEnvironment } from './support/held-environment.js';
import { PATHS, pendingCall, rawCall } from './support/raw-call.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACE =
  /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=[01]$/;

describe('spec 6 Runtime API (2018-06-01)', { timeout: 60_000 }, () => {
  it('6.2/6.3: next carries the payload and the invoke headers; response answers 202 and out-of-order calls are refused', async () => {
    await using env = await startHeldEnvironment({
      extensions: [],
      heldRuntime: true,
      sandbox: { functionName: 'orders-api', timeoutMs: 7_000 },
    });
    const { api } = await env.runtime();
    const next = rawCall(api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;
    const beforeMs = Date.now();

    const invoke = sandbox.invoke({ order: 42, items: ['a', 'b'] });
    const event = await next;
    const afterMs = Date.now();
    const id = String(event.headers['lambda-runtime-aws-request-id']);
    const nextWhileInvoking = await rawCall(api, 'GET', PATHS.runtimeNext);
    const wrongId = await rawCall(api, 'POST', PATHS.response('not-this-one'), {
      body: '{}',
    });
    const response = await rawCall(api, 'POST', PATHS.response(id), {
      body: '{"total":3}',
    });
    const again = await rawCall(api, 'POST', PATHS.response(id), {
      body: '{}',
    });
    void pendingCall(api, 'GET', PATHS.runtimeNext);
    const result = await invoke;

    expect(event.status).toBe(200);
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.body).toEqual({ order: 42, items: ['a', 'b'] });
    expect(id).toMatch(UUID);
    expect(id).toBe(result.requestId);
    const deadlineMs = Number(event.headers['lambda-runtime-deadline-ms']);
    expect(deadlineMs).toBeGreaterThanOrEqual(beforeMs + 7_000);
    expect(deadlineMs).toBeLessThanOrEqual(afterMs + 7_000);
    expect(event.headers['lambda-runtime-invoked-function-arn']).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:orders-api'
    );
    expect(event.headers['lambda-runtime-trace-id']).toMatch(TRACE);
    // Mobile-SDK and tenant headers only exist for such invokes.
    expect(event.headers).not.toHaveProperty('lambda-runtime-client-context');
    expect(event.headers).not.toHaveProperty('lambda-runtime-cognito-identity');
    expect(event.headers).not.toHaveProperty('lambda-runtime-aws-tenant-id');
    expect(nextWhileInvoking).toMatchObject({
      status: 403,
      body: { errorType: 'InvalidStateTransition' },
    });
    expect(wrongId).toMatchObject({
      status: 400,
      body: { errorType: 'InvalidRequestID' },
    });
    expect(response).toMatchObject({ status: 202, body: { status: 'OK' } });
    // RAPID checks the state first: a second answer is a state error
    // (spec 6.3 lists 400 InvalidRequestID for it; the code answers 403).
    expect(again).toMatchObject({
      status: 403,
      body: { errorType: 'InvalidStateTransition' },
    });
    expect(result).toMatchObject({
      status: 'success',
      response: { total: 3 },
    });
    const done = sandbox.events.find((e) => e.type === 'platform.runtimeDone');
    expect(done?.record).toMatchObject({
      metrics: { producedBytes: '{"total":3}'.length },
    });
  });

  it("6.4: error answers 202; the error type is kept or normalised as in 4.6 and the body is the caller's error", async () => {
    await using env = await startHeldEnvironment({
      extensions: [],
      heldRuntime: true,
    });
    const { api } = await env.runtime();
    let next = rawCall(api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;
    const types = [
      'Runtime.HandlerNotFound',
      'Function.lowercase',
      'MyError',
      undefined,
    ];
    const seen: unknown[] = [];

    for (const type of types) {
      const invoke = sandbox.invoke({});
      const event = await next;
      const id = String(event.headers['lambda-runtime-aws-request-id']);
      const body = { errorMessage: 'no', errorType: 'Oops', stackTrace: [] };
      const answer = await rawCall(api, 'POST', PATHS.error(id), {
        headers: type ? { 'lambda-runtime-function-error-type': type } : {},
        body,
      });
      next = rawCall(api, 'GET', PATHS.runtimeNext);
      // The last one stays held until the end.
      next.catch(() => undefined);
      const result = await invoke;
      seen.push([answer.status, result.status, result.errorType, result.error]);
    }

    const error = { errorMessage: 'no', errorType: 'Oops', stackTrace: [] };
    expect(seen).toEqual([
      [202, 'error', 'Runtime.HandlerNotFound', error],
      [202, 'error', 'Function.Unknown', error],
      [202, 'error', 'Runtime.Unknown', error],
      [202, 'error', 'Runtime.Unknown', error],
    ]);
    // Spec 4.6 open point: RAPID reports a handled error as success.
    expect(
      sandbox.events
        .filter((e) => e.type === 'platform.runtimeDone')
        .map((e) => (e.record as { status: string }).status)
    ).toEqual(['success', 'success', 'success', 'success']);
  });

  it('6.3: a response over 6 MB is refused with 413 and the invoke fails with Function.ResponseSizeTooLarge', async () => {
    await using env = await startHeldEnvironment({
      extensions: [],
      heldRuntime: true,
    });
    const { api } = await env.runtime();
    const next = rawCall(api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;

    const invoke = sandbox.invoke({});
    const event = await next;
    const id = String(event.headers['lambda-runtime-aws-request-id']);
    const answer = await rawCall(api, 'POST', PATHS.response(id), {
      body: `"${'x'.repeat(6 * 1024 * 1024)}"`,
    });
    void pendingCall(api, 'GET', PATHS.runtimeNext);
    const result = await invoke;

    expect(answer).toMatchObject({
      status: 413,
      body: { errorType: 'RequestEntityTooLarge' },
    });
    expect(result).toMatchObject({
      status: 'error',
      errorType: 'Function.ResponseSizeTooLarge',
    });
  });

  it('6.3: a response with a response mode other than streaming is refused with 400 InvalidFunctionResponseMode; the invoke fails with Runtime.InvalidResponseModeHeader', async () => {
    await using env = await startHeldEnvironment({
      extensions: [],
      heldRuntime: true,
    });
    const { api } = await env.runtime();
    const next = rawCall(api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;

    const invoke = sandbox.invoke({});
    const event = await next;
    const id = String(event.headers['lambda-runtime-aws-request-id']);
    const answer = await rawCall(api, 'POST', PATHS.response(id), {
      headers: { 'lambda-runtime-function-response-mode': 'chunky' },
      body: '{}',
    });
    void pendingCall(api, 'GET', PATHS.runtimeNext);
    const result = await invoke;

    expect(answer).toMatchObject({
      status: 400,
      body: {
        errorType: 'InvalidFunctionResponseMode',
        errorMessage: 'Invalid function response mode',
      },
    });
    expect(result).toMatchObject({
      status: 'error',
      errorType: 'Runtime.InvalidResponseModeHeader',
    });
  });

  it('6.2: hands over an event of 6 MiB + 100 bytes; a larger one is refused before the environment sees it', async () => {
    await using env = await startHeldEnvironment({
      extensions: [],
      heldRuntime: true,
    });
    const { api } = await env.runtime();
    const next = rawCall(api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;
    // A JSON string: two quotes around the characters.
    const largest = 'x'.repeat(6_291_556 - 2);

    await expect(sandbox.invoke(`${largest}y`)).rejects.toThrow(
      /^RequestEntityTooLarge: the event is 6291557 bytes/
    );
    const invoke = sandbox.invoke(largest);
    const event = await next;
    const id = String(event.headers['lambda-runtime-aws-request-id']);
    await rawCall(api, 'POST', PATHS.response(id), { body: '1' });
    void pendingCall(api, 'GET', PATHS.runtimeNext);

    expect(event.text.length).toBe(6_291_556);
    expect(await invoke).toMatchObject({ status: 'success', response: 1 });
  });

  it('6.5: init/error before the first next answers 202 and fails Init with its type; after it, 403', async () => {
    await using env = await startHeldEnvironment({
      extensions: [],
      heldRuntime: true,
    });
    const { api, exit } = await env.runtime();

    const answer = await rawCall(api, 'POST', PATHS.runtimeInitError, {
      headers: {
        'lambda-runtime-function-error-type': 'Runtime.ImportModuleError',
      },
      body: {
        errorMessage: 'Cannot find module',
        errorType: 'Runtime.ImportModuleError',
      },
    });
    exit(1);
    const sandbox = await env.started;

    expect(answer).toMatchObject({ status: 202, body: { status: 'OK' } });
    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Runtime.ImportModuleError',
    });
    expect(
      sandbox.events.find((e) => e.type === 'platform.initRuntimeDone')?.record
    ).toEqual({
      initializationType: 'on-demand',
      phase: 'init',
      status: 'error',
      errorType: 'Runtime.ImportModuleError',
    });
  });

  it('6.1/7.6: a runtime that exits during an invoke is Runtime.ExitError with SHUTDOWN failure and a suppressed init next time', async () => {
    await using env = await startHeldEnvironment({
      extensions: [],
      heldRuntime: true,
    });
    const { api, exit } = await env.runtime();
    const next = rawCall(api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;

    const invoke = sandbox.invoke({});
    await next;
    exit(2);
    const result = await invoke;

    expect(result).toMatchObject({
      status: 'failure',
      errorType: 'Runtime.ExitError',
      reset: { reason: 'failure' },
    });
    expect(
      sandbox.events
        .filter(
          (e) =>
            e.type === 'platform.runtimeDone' || e.type === 'platform.report'
        )
        .map((e) => e.record)
    ).toEqual([
      expect.objectContaining({
        status: 'error',
        errorType: 'Runtime.ExitError',
      }),
      expect.objectContaining({
        status: 'error',
        errorType: 'Runtime.ExitError',
      }),
    ]);
  });
});
