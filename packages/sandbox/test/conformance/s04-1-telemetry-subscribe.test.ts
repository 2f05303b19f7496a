import { describe, expect, it } from 'vitest';
import { HANDLER } from '../helpers.js';
import { startHeldEnvironment } from './support/held-environment.js';
import { PATHS, pendingCall, rawCall } from './support/raw-call.js';
import { as, registerAs } from './support/register-as.js';
import { subscribeHeld, subscription } from './support/subscribed-extension.js';
import {
  startTelemetryListener,
  waitFor,
} from './support/telemetry-listener.js';

const GOOD = {
  schemaVersion: '2025-01-29',
  types: ['platform', 'function'],
  buffering: { maxItems: 1000, maxBytes: 262144, timeoutMs: 25 },
  destination: {
    protocol: 'HTTP',
    URI: 'http://sandbox.localdomain:4243/telemetry',
  },
};
const buffering = (b: object) => ({
  ...GOOD,
  buffering: { ...GOOD.buffering, ...b },
});
const destination = (d: object) => ({ ...GOOD, destination: d });

describe('spec 4.1 Subscribe — PUT /2022-07-01/telemetry', {
  timeout: 60_000,
}, () => {
  it('accepts every documented schema, the bounds of each buffering range, both hosts, TCP by port; answers 200 "OK"', async () => {
    await using env = await startHeldEnvironment({ extensions: ['alpha'] });
    const { api } = await env.extension('alpha');
    const id = await registerAs(api, 'alpha');
    const subscribe = async (body: unknown, path: string = PATHS.telemetry) => {
      const answer = await rawCall(api, 'PUT', path, {
        headers: { ...as(id), 'content-type': 'application/json' },
        body,
      });
      return `${answer.status} ${answer.text}`;
    };

    const answers = [
      await subscribe(GOOD),
      await subscribe({ ...GOOD, schemaVersion: '2022-07-01' }),
      await subscribe({ ...GOOD, schemaVersion: '2022-12-13' }),
      await subscribe(GOOD, `${PATHS.telemetry}/`),
      await subscribe(buffering({ maxItems: 1_000 })),
      await subscribe(buffering({ maxItems: 10_000 })),
      await subscribe(buffering({ maxBytes: 262_144 })),
      await subscribe(buffering({ maxBytes: 1_048_576 })),
      await subscribe(buffering({ timeoutMs: 25 })),
      await subscribe(buffering({ timeoutMs: 30_000 })),
      await subscribe({ ...GOOD, buffering: undefined }),
      await subscribe(
        destination({ protocol: 'HTTP', URI: 'http://sandbox:4243' })
      ),
      await subscribe(destination({ protocol: 'TCP', port: 4243 })),
      await subscribe({
        ...GOOD,
        types: ['platform', 'function', 'extension'],
      }),
    ];

    expect(new Set(answers)).toEqual(new Set(['200 "OK"']));
    expect(answers).toHaveLength(14);
  });

  it('refuses an invalid body with 400 ValidationError, e.g. buffering.timeoutMs 10', async () => {
    await using env = await startHeldEnvironment({ extensions: ['alpha'] });
    const { api } = await env.extension('alpha');
    const id = await registerAs(api, 'alpha');
    const refusal = async (body: unknown) => {
      const answer = await rawCall(api, 'PUT', PATHS.telemetry, {
        headers: as(id),
        body,
      });
      const { errorType, errorMessage } = answer.body as Record<string, string>;
      expect(answer.status).toBe(400);
      expect(errorType).toBe('ValidationError');
      return String(errorMessage);
    };

    expect(await refusal(buffering({ timeoutMs: 10 }))).toBe(
      'buffering.timeoutMs must be an integer 25-30000, got 10'
    );
    const messages = {
      timeoutMs30001: await refusal(buffering({ timeoutMs: 30_001 })),
      maxItems999: await refusal(buffering({ maxItems: 999 })),
      maxItems10001: await refusal(buffering({ maxItems: 10_001 })),
      maxBytes262143: await refusal(buffering({ maxBytes: 262_143 })),
      maxBytes1048577: await refusal(buffering({ maxBytes: 1_048_577 })),
      maxItemsFraction: await refusal(buffering({ maxItems: 1000.5 })),
      noSchema: await refusal({ ...GOOD, schemaVersion: undefined }),
      oldSchema: await refusal({ ...GOOD, schemaVersion: '2020-08-15' }),
      noTypes: await refusal({ ...GOOD, types: undefined }),
      emptyTypes: await refusal({ ...GOOD, types: [] }),
      unknownType: await refusal({ ...GOOD, types: ['platform', 'logs'] }),
      noDestination: await refusal({ ...GOOD, destination: undefined }),
      protocol: await refusal(
        destination({ protocol: 'HTTPS', URI: 'http://sandbox:1/' })
      ),
      https: await refusal(
        destination({ protocol: 'HTTP', URI: 'https://sandbox:4243/' })
      ),
      host: await refusal(
        destination({ protocol: 'HTTP', URI: 'http://127.0.0.1:4243/' })
      ),
      noPort: await refusal(
        destination({ protocol: 'HTTP', URI: 'http://sandbox.localdomain/' })
      ),
      noUri: await refusal(destination({ protocol: 'HTTP' })),
      tcpPort: await refusal(destination({ protocol: 'TCP', port: 70_000 })),
      notJson: await refusal('{"schemaVersion":'),
    };

    expect(messages.noPort).toBe('URI port is not provided');
    expect(messages.maxItems999).toBe(
      'buffering.maxItems must be an integer 1000-10000, got 999'
    );
    expect(messages.maxBytes262143).toBe(
      'buffering.maxBytes must be an integer 262144-1048576, got 262143'
    );
    expect(Object.values(messages).every((m) => m.length > 0)).toBe(true);
  });

  it('answers identifier errors with 403, a subscribe after Init with 403 Telemetry.SubscriptionClosed, and mixing with the Logs API with 400', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha', 'beta'],
      heldRuntime: true,
    });
    const alpha = await env.extension('alpha');
    const beta = await env.extension('beta');
    const alphaId = await registerAs(alpha.api, 'alpha');
    const betaId = await registerAs(beta.api, 'beta');
    const api = alpha.api;
    const put = (path: string, headers: Record<string, string>, body = GOOD) =>
      rawCall(api, 'PUT', path, { headers, body });
    const missing = await put(PATHS.telemetry, {});
    const malformed = await put(PATHS.telemetry, as('abc'));
    const unknown = await put(
      PATHS.telemetry,
      as('6f0c3b5e-2a7d-4b1e-9f44-1c8d2e7a9b10')
    );
    const logsFirst = await put(PATHS.logs, as(betaId), {
      ...GOOD,
      schemaVersion: '2021-03-18',
    });
    const thenTelemetry = await put(PATHS.telemetry, as(betaId));
    const runtime = await env.runtime();
    void pendingCall(runtime.api, 'GET', PATHS.runtimeNext);
    void pendingCall(api, 'GET', PATHS.next, { headers: as(alphaId) });
    void pendingCall(api, 'GET', PATHS.next, { headers: as(betaId) });
    await env.started;
    const late = await put(PATHS.telemetry, as(alphaId));

    const summary = (a: { status: number; body: unknown }) => [
      a.status,
      (a.body as { errorType?: string }).errorType ?? a.body,
    ];
    expect(
      [missing, malformed, unknown, logsFirst, thenTelemetry].map(summary)
    ).toEqual([
      [403, 'Extension.MissingExtensionIdentifier'],
      [403, 'Extension.InvalidExtensionIdentifier'],
      [403, 'Extension.UnknownExtensionIdentifier'],
      [200, 'OK'],
      [400, 'ValidationError'],
    ]);
    expect(late).toMatchObject({
      status: 403,
      body: {
        errorType: 'Telemetry.SubscriptionClosed',
        errorMessage: 'Telemetry API subscription is closed',
      },
    });
  });

  it('broadcasts platform.telemetrySubscription to every platform subscriber and replays the Init events to a late one', async () => {
    await using first = await startTelemetryListener();
    await using second = await startTelemetryListener();
    await using env = await startHeldEnvironment({
      extensions: ['early', 'late'],
      handler: HANDLER,
    });
    const initReported = (l: typeof first) => () =>
      l.events().some((e) => e.type === 'platform.initReport');
    await subscribeHeld(
      await env.extension('early'),
      subscription({ port: first.httpPort, types: ['platform', 'function'] }),
      { beforeExit: () => waitFor(initReported(first), 'early init report') }
    );
    await subscribeHeld(
      await env.extension('late'),
      subscription({ port: second.httpPort, types: ['platform'] }),
      { beforeExit: () => waitFor(initReported(second), 'late init report') }
    );
    const sandbox = await env.started;
    await sandbox.shutdown();

    const seen = (l: typeof first) =>
      l
        .events()
        .filter(
          (e) =>
            e.type.startsWith('platform.init') ||
            e.type.endsWith('Subscription')
        )
        .map((e) =>
          e.type === 'platform.telemetrySubscription'
            ? `${e.type} ${(e.record as { name: string }).name}`
            : e.type
        );
    expect(seen(first)).toEqual([
      'platform.initStart',
      'platform.telemetrySubscription early',
      'platform.telemetrySubscription late',
      'platform.initRuntimeDone',
      'platform.initReport',
    ]);
    expect(seen(second)).toEqual(seen(first));
    // The late one asked for platform only: no function records.
    expect(second.events().some((e) => e.type === 'function')).toBe(false);
    expect(first.events().some((e) => e.type === 'function')).toBe(true);
  });

  it('answers 202 Telemetry.NotSupported / Logs.NotSupported in the not-supported mode', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha'],
      sandbox: { telemetry: 'not-supported' },
    });
    const { api } = await env.extension('alpha');
    const id = await registerAs(api, 'alpha');

    const telemetry = await rawCall(api, 'PUT', PATHS.telemetry, {
      headers: as(id),
      body: GOOD,
    });
    const logs = await rawCall(api, 'PUT', PATHS.logs, {
      headers: as(id),
      body: { ...GOOD, schemaVersion: '2021-03-18' },
    });

    expect([telemetry.status, telemetry.body]).toEqual([
      202,
      {
        errorType: 'Telemetry.NotSupported',
        errorMessage: 'Telemetry API is not supported',
      },
    ]);
    expect([logs.status, logs.body]).toEqual([
      202,
      {
        errorType: 'Logs.NotSupported',
        errorMessage: 'Logs API is not supported',
      },
    ]);
  });
});
