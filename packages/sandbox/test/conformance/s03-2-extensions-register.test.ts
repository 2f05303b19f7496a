import { describe, expect, it } from 'vitest';
import { startHeldEnvironment } from './support/held-environment.js';
import { PATHS, pendingCall, rawCall } from './support/raw-call.js';
import { as, registerAs } from './support/register-as.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('spec 3.2 Register — POST /extension/register (and 3.1, 3.6)', {
  timeout: 60_000,
}, () => {
  it('answers 200 with Lambda-Extension-Identifier and functionName, functionVersion, handler; accountId only when asked for', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha', 'beta'],
      sandbox: { functionName: 'orders-api', accountId: '210987654321' },
    });
    const alpha = await env.extension('alpha');
    await env.extension('beta');

    const plain = await rawCall(alpha.api, 'POST', PATHS.register, {
      headers: {
        'lambda-extension-name': 'alpha',
        'content-type': 'application/json',
      },
      body: { events: ['INVOKE', 'SHUTDOWN'] },
    });
    const withAccount = await rawCall(alpha.api, 'POST', PATHS.register, {
      headers: {
        'lambda-extension-name': 'beta',
        // Unknown features are ignored (spec 3.2).
        'lambda-extension-accept-feature': 'somethingElse, accountId',
      },
      body: { events: ['SHUTDOWN'] },
    });

    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/json');
    expect(plain.headers['lambda-extension-identifier']).toMatch(UUID);
    expect(plain.body).toEqual({
      functionName: 'orders-api',
      functionVersion: '$LATEST',
      handler: 'held-handler.handler',
    });
    expect(withAccount.status).toBe(200);
    expect(withAccount.body).toEqual({
      functionName: 'orders-api',
      functionVersion: '$LATEST',
      handler: 'held-handler.handler',
      accountId: '210987654321',
    });
    expect(withAccount.headers['lambda-extension-identifier']).not.toBe(
      plain.headers['lambda-extension-identifier']
    );
  });

  it('refuses a bad register with 403 and the error body of spec 3.6', async () => {
    await using env = await startHeldEnvironment({ extensions: ['alpha'] });
    const { api } = await env.extension('alpha');
    const register = async (headers: Record<string, string>, body: unknown) => {
      const answer = await rawCall(api, 'POST', PATHS.register, {
        headers,
        body,
      });
      return [answer.status, answer.body];
    };
    const named = { 'lambda-extension-name': 'alpha' };

    const answers = {
      noName: await register({}, { events: ['INVOKE'] }),
      emptyName: await register(
        { 'lambda-extension-name': '' },
        { events: ['INVOKE'] }
      ),
      badEvent: await register(named, { events: ['INVOKE', 'RESTORE'] }),
      eventsNotArray: await register(named, { events: 'INVOKE' }),
      configurationKeys: await register(named, { configurationKeys: ['K'] }),
      notJson: await register(named, '{not json'),
      internalShutdown: await register(
        { 'lambda-extension-name': 'not-a-file' },
        { events: ['SHUTDOWN'] }
      ),
      first: (await register(named, { events: ['INVOKE'] }))[0],
      second: await register(named, { events: ['INVOKE'] }),
    };

    const error = (errorType: string) => [
      403,
      { errorType, errorMessage: expect.any(String) },
    ];
    expect(answers).toEqual({
      noName: error('Extension.InvalidExtensionName'),
      emptyName: error('Extension.InvalidExtensionName'),
      badEvent: error('Extension.InvalidEventType'),
      eventsNotArray: error('Extension.InvalidEventType'),
      configurationKeys: error('InvalidRequestFormat'),
      notJson: error('InvalidRequestFormat'),
      internalShutdown: error('Extension.InvalidEventType'),
      first: 200,
      second: error('Extension.InvalidExtensionState'),
    });
  });

  it('accepts a register without events or body; such an extension blocks in next until SIGKILL at shutdown', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['quiet'],
      heldRuntime: true,
    });
    const quiet = await env.extension('quiet');
    const answer = await rawCall(quiet.api, 'POST', PATHS.register, {
      headers: { 'lambda-extension-name': 'quiet' },
    });
    const id = String(answer.headers['lambda-extension-identifier']);
    void pendingCall(quiet.api, 'GET', PATHS.next, { headers: as(id) });
    const runtime = await env.runtime();
    void pendingCall(runtime.api, 'GET', PATHS.runtimeNext);
    const sandbox = await env.started;

    const shutdown = await sandbox.shutdown();

    expect(answer.status).toBe(200);
    expect(
      sandbox.events.find((e) => e.type === 'platform.extension')?.record
    ).toEqual({ name: 'quiet', state: 'Ready', events: [] });
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({ name: 'quiet', signal: 'SIGKILL' }),
    ]);
    // No event ever answered its next.
    expect(
      sandbox.apiCalls.filter((c) => c.path === PATHS.next).map((c) => c.status)
    ).toEqual([undefined]);
  });

  it('treats a name that is no file in /opt/extensions as an internal extension (INVOKE only)', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha'],
      heldRuntime: true,
    });
    const alpha = await env.extension('alpha');
    const alphaId = await registerAs(alpha.api, 'alpha');
    const runtime = await env.runtime();
    const internalId = await registerAs(alpha.api, 'in-process', ['INVOKE']);
    void pendingCall(runtime.api, 'GET', PATHS.runtimeNext);
    const late = await rawCall(alpha.api, 'POST', PATHS.register, {
      headers: { 'lambda-extension-name': 'too-late' },
      body: { events: ['INVOKE'] },
    });
    void pendingCall(alpha.api, 'GET', PATHS.next, { headers: as(alphaId) });
    void pendingCall(alpha.api, 'GET', PATHS.next, { headers: as(internalId) });
    const sandbox = await env.started;

    expect(late).toMatchObject({
      status: 403,
      body: {
        errorType: 'Extension.RegistrationClosed',
        errorMessage: expect.any(String),
      },
    });
    expect(
      sandbox.events
        .filter((e) => e.type === 'platform.extension')
        .map((e) => e.record)
    ).toEqual([
      { name: 'alpha', state: 'Ready', events: ['INVOKE', 'SHUTDOWN'] },
      { name: 'in-process', state: 'Ready', events: ['INVOKE'] },
    ]);
    expect(sandbox.initReport.status).toBe('success');
  });

  it('allows 10 extensions in total and refuses the 11th with Extension.TooManyExtensions', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha'],
      heldRuntime: true,
    });
    const alpha = await env.extension('alpha');
    const ids = [await registerAs(alpha.api, 'alpha')];
    await env.runtime();
    for (let n = 1; n <= 9; n += 1) {
      ids.push(await registerAs(alpha.api, `internal-${n}`, ['INVOKE']));
    }

    const eleventh = await rawCall(alpha.api, 'POST', PATHS.register, {
      headers: { 'lambda-extension-name': 'internal-10' },
      body: { events: ['INVOKE'] },
    });

    expect(ids).toHaveLength(10);
    expect(eleventh).toMatchObject({
      status: 403,
      body: {
        errorType: 'Extension.TooManyExtensions',
        errorMessage: 'Extension limit (10) reached',
      },
    });
  });
});
