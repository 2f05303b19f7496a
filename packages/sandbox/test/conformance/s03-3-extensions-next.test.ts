import { describe, expect, it } from 'vitest';
import { startHeldEnvironment } from './support/held-environment.js';
import { PATHS, pendingCall, rawCall } from './support/raw-call.js';
import { as, registerAs } from './support/register-as.js';
import { waitFor } from './support/telemetry-listener.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('spec 3.3 Next event — GET /extension/event/next (and 2.4, 7.8)', {
  timeout: 60_000,
}, () => {
  it('hands INVOKE (same deadline, id, ARN and trace as the runtime got) and SHUTDOWN with their exact bodies and headers', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha', 'beta'],
      heldRuntime: true,
      sandbox: { functionName: 'orders-api', region: 'eu-west-1' },
    });
    const alpha = await env.extension('alpha');
    const beta = await env.extension('beta');
    const alphaId = await registerAs(alpha.api, 'alpha');
    const betaId = await registerAs(beta.api, 'beta', ['SHUTDOWN']);
    const runtime = await env.runtime();
    const api = runtime.api;
    const alphaNext = rawCall(api, 'GET', PATHS.next, { headers: as(alphaId) });
    const betaNext = rawCall(api, 'GET', PATHS.next, { headers: as(betaId) });
    const runtimeNext = rawCall(api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;

    const invoke = sandbox.invoke({ secret: 'payload' });
    const event = await runtimeNext;
    const invokeEvent = await alphaNext;
    const requestId = String(event.headers['lambda-runtime-aws-request-id']);
    const answered = await rawCall(api, 'POST', PATHS.response(requestId), {
      body: { ok: 1 },
    });
    void pendingCall(api, 'GET', PATHS.runtimeNext);
    const alphaNext2 = rawCall(api, 'GET', PATHS.next, {
      headers: as(alphaId),
    });
    const result = await invoke;
    const shutdown = sandbox.shutdown();
    const [alphaShutdown, betaShutdown] = await Promise.all([
      alphaNext2,
      betaNext,
    ]);
    alpha.exit(0);
    beta.exit(0);
    const ended = await shutdown;

    expect(answered).toMatchObject({ status: 202, body: { status: 'OK' } });
    expect(result.status).toBe('success');
    expect(invokeEvent.status).toBe(200);
    expect(invokeEvent.headers['content-type']).toBe('application/json');
    expect(invokeEvent.headers['lambda-extension-event-identifier']).toMatch(
      UUID
    );
    expect(invokeEvent.headers['lambda-extension-identifier']).toBe(alphaId);
    // The payload is not given to extensions; the rest matches the runtime's.
    expect(invokeEvent.body).toEqual({
      eventType: 'INVOKE',
      deadlineMs: Number(event.headers['lambda-runtime-deadline-ms']),
      requestId,
      invokedFunctionArn:
        'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
      tracing: {
        type: 'X-Amzn-Trace-Id',
        value: event.headers['lambda-runtime-trace-id'],
      },
    });
    expect(event.headers['lambda-runtime-invoked-function-arn']).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:function:orders-api'
    );
    for (const answer of [alphaShutdown, betaShutdown]) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        eventType: 'SHUTDOWN',
        shutdownReason: 'spindown',
        deadlineMs: ended.deadlineMs,
      });
    }
    expect(alphaShutdown.headers['lambda-extension-event-identifier']).not.toBe(
      invokeEvent.headers['lambda-extension-event-identifier']
    );
    // beta registered for SHUTDOWN only: its first event was SHUTDOWN.
    expect(
      sandbox.apiCalls
        .filter((c) => c.path === PATHS.next && c.extension === 'beta')
        .map((c) => c.status)
    ).toEqual([200]);
    expect(ended).toMatchObject({
      reason: 'spindown',
      extensions: [
        expect.objectContaining({
          name: 'alpha',
          exitCode: 0,
          beforeDeadline: true,
        }),
        expect.objectContaining({
          name: 'beta',
          exitCode: 0,
          beforeDeadline: true,
        }),
      ],
    });
    // Spec 2.4: the runtime gets SIGTERM when extensions are registered.
    expect(env.control.signals).toEqual(['runtime:SIGTERM']);
  });

  it('answers next with the identifier errors of spec 3.6', async () => {
    await using env = await startHeldEnvironment({ extensions: ['alpha'] });
    const { api } = await env.extension('alpha');
    const next = async (headers: Record<string, string>) => {
      const answer = await rawCall(api, 'GET', PATHS.next, { headers });
      return [answer.status, (answer.body as { errorType: string }).errorType];
    };

    expect([
      await next({}),
      await next(as('abc')),
      await next(as('6f0c3b5e-2a7d-4b1e-9f44-1c8d2e7a9b10')),
    ]).toEqual([
      [403, 'Extension.MissingExtensionIdentifier'],
      [403, 'Extension.InvalidExtensionIdentifier'],
      [403, 'Extension.UnknownExtensionIdentifier'],
    ]);
  });

  it('SIGKILLs an extension that does not exit by deadlineMs', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['stubborn'],
      heldRuntime: true,
      sandbox: { shutdownBudgetMs: 600 },
    });
    const stubborn = await env.extension('stubborn');
    const id = await registerAs(stubborn.api, 'stubborn');
    const runtime = await env.runtime();
    const first = rawCall(stubborn.api, 'GET', PATHS.next, { headers: as(id) });
    void pendingCall(runtime.api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;
    const shutdown = sandbox.shutdown();
    const event = await first;
    await waitFor(() => env.control.signals.length > 0, 'the runtime SIGTERM');

    const ended = await shutdown;

    expect(event.body).toMatchObject({ eventType: 'SHUTDOWN' });
    expect(ended.extensions).toEqual([
      expect.objectContaining({
        name: 'stubborn',
        signal: 'SIGKILL',
        beforeDeadline: false,
      }),
    ]);
    expect(ended.extensions[0]?.exitedAtMs).toBeGreaterThanOrEqual(
      ended.deadlineMs
    );
  });
});
