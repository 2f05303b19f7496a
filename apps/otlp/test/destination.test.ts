import type { Logger, SendContext } from '@logdrain/core';
import { startHttpsReceiver } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';
import { type OtlpConfig, parseOtlpConfig } from '../src/config.js';
import { createOtlpDestination } from '../src/destination.js';
import { makeEvent } from './helpers.js';

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silent,
};

function sendContext(): SendContext {
  return { signal: new AbortController().signal, attempt: 1, log: silent };
}

function configFor(url: string, ca: string, env: Record<string, string> = {}) {
  const parsed = parseOtlpConfig({
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: url,
    ...env,
  });
  return { ...parsed, ca } satisfies OtlpConfig;
}

const batch = Array.from({ length: 5 }, (_, n) =>
  makeEvent({ message: `line ${n}` })
);

describe('createOtlpDestination', () => {
  it('posts gzip OTLP/protobuf with the configured headers', async () => {
    await using receiver = await startHttpsReceiver();
    const destination = await createOtlpDestination(
      configFor(receiver.url, receiver.ca, {
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=k%201',
      })
    );

    const outcome = await destination.send(batch, sendContext());
    await destination.close?.();

    expect(outcome).toEqual({ status: 'delivered' });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers).toMatchObject({
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
      'x-api-key': 'k 1',
    });
  });

  it('counts the records an OTLP partial success refused, without a retry', async () => {
    await using receiver = await startHttpsReceiver({
      replies: [
        {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"partialSuccess":{"rejectedLogRecords":"2","errorMessage":"timestamp too old"}}',
        },
      ],
    });
    const destination = await createOtlpDestination(
      configFor(receiver.url, receiver.ca, {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      })
    );

    const outcome = await destination.send(batch, sendContext());
    await destination.close?.();

    expect(outcome.status).toBe('rejected');
    expect(outcome.status === 'rejected' && outcome.remaining).toHaveLength(2);
    expect(outcome.status === 'rejected' && outcome.reason).toContain(
      'refused 2 of 5 log records'
    );
    expect(outcome.status === 'rejected' && outcome.reason).toContain(
      'timestamp too old'
    );
    expect(receiver.requests).toHaveLength(1);
  });

  it('reads the google.rpc.Status message of a refusal', async () => {
    await using receiver = await startHttpsReceiver({
      replies: [
        {
          status: 400,
          headers: { 'content-type': 'application/json' },
          body: '{"code":3,"message":"unknown field"}',
        },
      ],
    });
    const destination = await createOtlpDestination(
      configFor(receiver.url, receiver.ca, {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      })
    );

    const outcome = await destination.send(batch, sendContext());
    await destination.close?.();

    expect(outcome).toEqual({
      status: 'rejected',
      reason: 'HTTP 400: unknown field',
    });
  });
});
