import { describe, expect, it } from 'vitest';
import { createLocalAgent } from '../src/local-http.js';
import { subscribeTelemetry } from '../src/telemetry-subscription.js';
import {
  type Reply,
  startRuntimeApiStandIn,
} from './support/runtime-api-stand-in.js';

// A stand-in for the Runtime API (see the helper); the sandbox's real
// validation is exercised by the end-to-end tests.

const TELEMETRY = 'PUT /2022-07-01/telemetry';
const LOGS = 'PUT /2020-08-15/logs';
const OK: Reply = { status: 200, body: 'OK' };

async function subscribe(routes: Record<string, Reply[]>) {
  const api = await startRuntimeApiStandIn(routes);
  try {
    const result = await subscribeTelemetry({
      baseUrl: `http://${api.runtimeApi}`,
      agent: createLocalAgent(),
      extensionId: 'ext-1',
      port: 4243,
      types: ['platform', 'function'],
      buffering: { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 100 },
    });
    return { result, calls: api.calls };
  } catch (error) {
    return { error, calls: api.calls };
  } finally {
    await api.close();
  }
}

describe('subscribeTelemetry', () => {
  it('subscribes with schema 2025-01-29, explicit buffering and the sandbox URI', async () => {
    const { result, calls } = await subscribe({ [TELEMETRY]: [OK] });

    expect(result).toEqual({ mode: 'telemetry', schemaVersion: '2025-01-29' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers['lambda-extension-identifier']).toBe('ext-1');
    expect(calls[0]?.body).toEqual({
      schemaVersion: '2025-01-29',
      types: ['platform', 'function'],
      buffering: { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 100 },
      destination: {
        protocol: 'HTTP',
        URI: 'http://sandbox.localdomain:4243/',
      },
    });
  });

  it('falls back to schema 2022-12-13 when 2025-01-29 is refused', async () => {
    const { result, calls } = await subscribe({
      [TELEMETRY]: [
        {
          status: 400,
          body: {
            errorType: 'ValidationError',
            errorMessage: 'unsupported schemaVersion 2025-01-29',
          },
        },
        OK,
      ],
    });

    expect(result).toEqual({ mode: 'telemetry', schemaVersion: '2022-12-13' });
    expect(
      calls.map((c) => (c.body as { schemaVersion: string }).schemaVersion)
    ).toEqual(['2025-01-29', '2022-12-13']);
  });

  it('falls back to the Logs API when the Telemetry API answers 404', async () => {
    const { result, calls } = await subscribe({
      [TELEMETRY]: [{ status: 404, body: { errorType: 'NotFound' } }],
      [LOGS]: [OK],
    });

    expect(result).toEqual({ mode: 'logs', schemaVersion: '2021-03-18' });
    expect(calls[1]?.path).toBe('/2020-08-15/logs');
    expect(calls[1]?.body).toMatchObject({
      schemaVersion: '2021-03-18',
      destination: {
        protocol: 'HTTP',
        URI: 'http://sandbox.localdomain:4243/',
      },
    });
  });

  it('reports unsupported on 202 NotSupported', async () => {
    const { result, calls } = await subscribe({
      [TELEMETRY]: [
        {
          status: 202,
          body: {
            errorType: 'Telemetry.NotSupported',
            errorMessage: 'Telemetry API is not supported',
          },
        },
      ],
    });

    expect(result).toEqual({
      mode: 'unsupported',
      reason: 'Telemetry.NotSupported: Telemetry API is not supported',
    });
    expect(calls).toHaveLength(1);
  });

  it('reports unsupported when the Logs API answers 202', async () => {
    const { result } = await subscribe({
      [TELEMETRY]: [{ status: 404 }],
      [LOGS]: [{ status: 202, body: { errorType: 'Logs.NotSupported' } }],
    });

    expect(result).toEqual({
      mode: 'unsupported',
      reason: 'Logs.NotSupported',
    });
  });

  it('throws SUBSCRIBE_FAILED on any other refusal', async () => {
    const { error, calls } = await subscribe({
      [TELEMETRY]: [
        {
          status: 400,
          body: { errorType: 'ValidationError', errorMessage: 'types empty' },
        },
      ],
    });

    expect(error).toMatchObject({
      code: 'SUBSCRIBE_FAILED',
      message:
        'the Telemetry API refused the subscription with 400: ValidationError: types empty',
    });
    expect(calls).toHaveLength(1);
  });

  it('throws SUBSCRIBE_FAILED when the Logs API refuses too', async () => {
    const { error } = await subscribe({
      [TELEMETRY]: [{ status: 404 }],
      [LOGS]: [{ status: 500, body: { errorType: 'InternalServerError' } }],
    });

    expect(error).toMatchObject({ code: 'SUBSCRIBE_FAILED' });
  });
});
