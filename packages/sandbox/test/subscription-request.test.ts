import { describe, expect, it } from 'vitest';
import { parseSubscription } from '../src/subscription-request.js';

const base = {
  schemaVersion: '2022-12-13',
  types: ['platform', 'function'],
  destination: {
    protocol: 'HTTP',
    URI: 'http://sandbox.localdomain:4243/in?x=1',
  },
};

function parse(body: unknown, api: 'telemetry' | 'logs' = 'telemetry') {
  return parseSubscription(api, JSON.stringify(body));
}

describe('parseSubscription', () => {
  it('fills in the buffering defaults of spec 4.1 and keeps the URI path', () => {
    const result = parse(base);

    expect(result).toEqual({
      ok: true,
      request: {
        api: 'telemetry',
        schemaVersion: '2022-12-13',
        types: new Set(['platform', 'function']),
        protocol: 'HTTP',
        port: 4243,
        path: '/in?x=1',
        hostHeader: 'sandbox.localdomain:4243',
        method: 'POST',
        maxItems: 10_000,
        maxBytes: 262_144,
        timeoutMs: 1_000,
      },
    });
  });

  it('accepts the limits of each buffering range', () => {
    const low = parse({
      ...base,
      buffering: { maxItems: 1000, maxBytes: 262144, timeoutMs: 25 },
    });
    const high = parse({
      ...base,
      buffering: { maxItems: 10000, maxBytes: 1048576, timeoutMs: 30000 },
    });

    expect(low.ok).toBe(true);
    expect(high.ok).toBe(true);
  });

  it('names the field, the value and the range of a value out of range', () => {
    const result = parse({ ...base, buffering: { timeoutMs: 10 } });

    expect(result).toEqual({
      ok: false,
      errorMessage: 'buffering.timeoutMs must be an integer 25-30000, got 10',
    });
  });

  it('accepts the host sandbox and a TCP port', () => {
    const short = parse({
      ...base,
      destination: { protocol: 'HTTP', URI: 'http://sandbox:9999' },
    });
    const tcp = parse({
      ...base,
      schemaVersion: '2025-01-29',
      destination: { protocol: 'TCP', port: 4300 },
    });

    expect(short).toMatchObject({
      ok: true,
      request: { port: 9999, path: '/' },
    });
    expect(tcp).toMatchObject({
      ok: true,
      request: { protocol: 'TCP', port: 4300 },
    });
  });

  it('takes the Logs API schema default and method', () => {
    const result = parse(
      {
        types: ['platform'],
        destination: { ...base.destination, method: 'PUT' },
      },
      'logs'
    );

    expect(result).toMatchObject({
      ok: true,
      request: { api: 'logs', schemaVersion: '2020-08-15', method: 'PUT' },
    });
  });

  it('refuses a Logs API schema on the Telemetry API', () => {
    const result = parse({ ...base, schemaVersion: '2021-03-18' });

    expect(result.ok).toBe(false);
  });

  it('refuses a body that is not JSON', () => {
    const result = parseSubscription('telemetry', '{');

    expect(result).toEqual({
      ok: false,
      errorMessage: 'request body is not valid JSON',
    });
  });
});
