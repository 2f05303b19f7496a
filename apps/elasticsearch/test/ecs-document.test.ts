import type { FunctionContext, LogEvent } from '@logdrain/core';
import { describe, expect, it } from 'vitest';
import {
  ECS_VERSION,
  parseDataStreamName,
  toEcsDocument,
} from '../src/ecs-document.js';

const CONTEXT: FunctionContext = {
  functionName: 'orders',
  functionVersion: '$LATEST',
  region: 'eu-west-1',
  memorySizeMb: 1024,
  accountId: '123456789012',
  architecture: 'arm64',
  instanceId: 'f3b1c0de',
  extensionName: 'logdrain-elasticsearch',
};

const TIME = '2026-01-20T09:14:02.123Z';

function event(overrides: Partial<LogEvent>): LogEvent {
  return {
    time: TIME,
    timeMs: Date.parse(TIME),
    type: 'function',
    stream: 'function',
    record: `${TIME}\treq-1\tWARN\tdisk almost full\n`,
    message: 'disk almost full',
    level: 'WARN',
    requestId: 'req-1',
    coldStart: true,
    context: CONTEXT,
    ...overrides,
  };
}

describe('toEcsDocument', () => {
  it('maps a text line to ECS fields, keeping its exact bytes in event.original', () => {
    const document = toEcsDocument(event({}), {
      dataStream: parseDataStreamName('logs-aws.lambda-default'),
    });

    expect(document).toEqual({
      '@timestamp': TIME,
      message: 'disk almost full',
      log: { level: 'WARN' },
      ecs: { version: ECS_VERSION },
      event: {
        dataset: 'aws.lambda',
        kind: 'event',
        original: `${TIME}\treq-1\tWARN\tdisk almost full\n`,
      },
      cloud: {
        provider: 'aws',
        region: 'eu-west-1',
        account: { id: '123456789012' },
        service: { name: 'lambda' },
      },
      faas: {
        name: 'orders',
        version: '$LATEST',
        id: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
        instance: 'f3b1c0de',
        execution: 'req-1',
        coldstart: true,
      },
      host: { architecture: 'arm64' },
      aws: {
        lambda: {
          type: 'function',
          stream: 'function',
          memory_size_mb: 1024,
          extension: 'logdrain-elasticsearch',
        },
      },
      data_stream: {
        type: 'logs',
        dataset: 'aws.lambda',
        namespace: 'default',
      },
    });
  });

  it('keeps a JSON log record’s keys under aws.lambda.log and finds its trace id', () => {
    const record = {
      timestamp: TIME,
      level: 'INFO',
      requestId: 'req-1',
      message: 'paid',
      xray_trace_id: '1-5e1b4151-5ac6c58f5b5daa6532e3c09f',
      order: { id: 7 },
    };

    const document = toEcsDocument(event({ record, message: 'paid' }));

    expect((document.aws as { lambda: unknown }).lambda).toMatchObject({
      log: record,
    });
    expect(document.trace).toEqual({
      id: '1-5e1b4151-5ac6c58f5b5daa6532e3c09f',
    });
    expect(document.event).not.toHaveProperty('original');
    expect(document).not.toHaveProperty('data_stream');
  });

  it('makes a platform.report a metric document with its metrics, duration, outcome and trace', () => {
    const record = {
      requestId: 'req-1',
      status: 'timeout',
      metrics: {
        durationMs: 152.73,
        billedDurationMs: 153,
        memorySizeMB: 1024,
        maxMemoryUsedMB: 96,
        initDurationMs: 523.87,
      },
      tracing: {
        type: 'X-Amzn-Trace-Id',
        value:
          'Root=1-5e1b4151-43a0913a12345678;Parent=365fb4b15f4bcd69;Sampled=1',
      },
    };

    const document = toEcsDocument(
      event({
        type: 'platform.report',
        stream: 'platform',
        record,
        level: undefined,
        message: 'REPORT RequestId: req-1 Duration: 152.73 ms',
      })
    );

    expect(document.event).toEqual({
      dataset: 'aws.lambda',
      kind: 'metric',
      duration: 152_730_000,
      outcome: 'failure',
    });
    expect(document.trace).toEqual({ id: '1-5e1b4151-43a0913a12345678' });
    expect((document.aws as { lambda: unknown }).lambda).toMatchObject({
      type: 'platform.report',
      stream: 'platform',
      platform: record,
      metrics: record.metrics,
    });
    expect(document).not.toHaveProperty('log');
  });

  it('takes @timestamp from the event’s time, not from now', () => {
    const late = event({ time: 'not a time', timeMs: Date.parse(TIME) });

    expect(toEcsDocument(event({}))['@timestamp']).toBe(TIME);
    expect(toEcsDocument(late)['@timestamp']).toBe(TIME);
  });

  it('leaves faas.id and cloud.account out when the account is unknown', () => {
    const { accountId: _, ...context } = CONTEXT;

    const document = toEcsDocument(event({ context }));

    expect(document.faas).not.toHaveProperty('id');
    expect(document.cloud).not.toHaveProperty('account');
  });
});

describe('parseDataStreamName', () => {
  it.each([
    [
      'logs-aws.lambda-default',
      { type: 'logs', dataset: 'aws.lambda', namespace: 'default' },
    ],
    ['lambda-logs', undefined],
    ['logs-a-b-c', undefined],
  ])('reads %s', (name, expected) => {
    expect(parseDataStreamName(name)).toEqual(expected);
  });
});
