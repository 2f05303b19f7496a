import { describe, expect, it } from 'vitest';
import { createDecoder } from '../src/decode.js';
import { loadFixture, TEST_CONTEXT } from './event-helpers.js';

const REQUEST_ID = '8f507cfc-2f8b-4c1e-a6a2-1f3c9b0d7e41';
const TIMEOUT_REQUEST_ID = 'c0a1e9d2-77f4-4b3a-9e61-5d2f8a4b7c19';

function decodeFixture(name: string) {
  const decoder = createDecoder({ context: TEST_CONTEXT, nowMs: () => 42 });
  const raw = loadFixture(name);
  const event = decoder.decode(raw);
  return { raw, event };
}

describe('createDecoder: Telemetry API platform events', () => {
  it.each([
    [
      'telemetry-platform-init-start',
      'INIT_START Initialization Type: on-demand Phase: init Runtime Version: nodejs:22.v58 Runtime Version ARN: arn:aws:lambda:eu-west-1::runtime:7d1c4f0b9a2e63d58c4b1f0e2a9d7c6b5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b',
      'INFO',
      undefined,
    ],
    [
      'telemetry-platform-init-runtime-done',
      'INIT_RUNTIME_DONE Phase: init Status: success',
      'INFO',
      undefined,
    ],
    [
      'telemetry-platform-init-report',
      'INIT_REPORT Init Duration: 523.87 ms Phase: init Status: success',
      'INFO',
      undefined,
    ],
    [
      'telemetry-platform-init-report-error',
      'INIT_REPORT Init Duration: 1236.04 ms Phase: init Status: error Error Type: Extension.Crash',
      'ERROR',
      undefined,
    ],
    [
      'telemetry-platform-start',
      `START RequestId: ${REQUEST_ID} Version: $LATEST`,
      'INFO',
      REQUEST_ID,
    ],
    [
      'telemetry-platform-runtime-done',
      `RUNTIME_DONE RequestId: ${REQUEST_ID} Status: success Duration: 130.41 ms Produced Bytes: 214`,
      'INFO',
      REQUEST_ID,
    ],
    [
      'telemetry-platform-runtime-done-timeout',
      `RUNTIME_DONE RequestId: ${TIMEOUT_REQUEST_ID} Status: timeout Duration: 5001.18 ms Produced Bytes: 0`,
      'ERROR',
      TIMEOUT_REQUEST_ID,
    ],
    [
      'telemetry-platform-report',
      `REPORT RequestId: ${REQUEST_ID} Duration: 152.73 ms Billed Duration: 153 ms Memory Size: 1024 MB Max Memory Used: 96 MB Init Duration: 523.87 ms`,
      'INFO',
      REQUEST_ID,
    ],
    [
      'telemetry-platform-restore-start',
      'RESTORE_START Runtime Version: java:21.v31 Runtime Version ARN: arn:aws:lambda:eu-west-1::runtime:0b9e8d7c6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa9988776655',
      'INFO',
      undefined,
    ],
    [
      'telemetry-platform-restore-runtime-done',
      'RESTORE_RUNTIME_DONE Status: success',
      'INFO',
      undefined,
    ],
    [
      'telemetry-platform-restore-report',
      'RESTORE_REPORT Restore Duration: 392.55 ms Status: success',
      'INFO',
      undefined,
    ],
    [
      'telemetry-platform-extension',
      'EXTENSION Name: telemetry-shipper State: Ready Events: [INVOKE, SHUTDOWN]',
      'INFO',
      undefined,
    ],
    [
      'telemetry-platform-telemetry-subscription',
      'TELEMETRY Name: telemetry-shipper State: Subscribed Types: [platform, function]',
      'INFO',
      undefined,
    ],
    [
      'telemetry-platform-logs-dropped',
      'LOGS_DROPPED Dropped Records: 4096 Dropped Bytes: 524288 Reason: Some logs were dropped because the downstream consumer is slower than the logs production rate',
      'WARN',
      undefined,
    ],
  ])('summarizes %s', (name, message, level, requestId) => {
    const { raw, event } = decodeFixture(name);

    expect(event).toEqual({
      time: raw.time,
      timeMs: Date.parse(raw.time as string),
      type: raw.type,
      stream: 'platform',
      record: raw.record,
      message,
      level,
      requestId,
      coldStart: true,
      context: TEST_CONTEXT,
    });
  });

  it('keeps the record untouched (same reference)', () => {
    const { raw, event } = decodeFixture('telemetry-platform-report');

    expect(event?.record).toBe(raw.record);
  });
});

describe('createDecoder: platform variants', () => {
  const decodeOne = (type: string, record: unknown) =>
    createDecoder({ context: TEST_CONTEXT }).decode({
      time: '2026-01-20T09:20:11.562Z',
      type,
      record,
    });

  it('adds status and error type to a failed report', () => {
    const event = decodeOne('platform.report', {
      requestId: 'r-1',
      status: 'error',
      errorType: 'Runtime.ExitError',
      metrics: {
        durationMs: 3000,
        billedDurationMs: 3000,
        memorySizeMB: 128,
        maxMemoryUsedMB: 128,
        restoreDurationMs: 410.5,
      },
    });

    expect(event).toMatchObject({
      message:
        'REPORT RequestId: r-1 Duration: 3000 ms Billed Duration: 3000 ms Memory Size: 128 MB Max Memory Used: 128 MB Restore Duration: 410.50 ms Status: error Error Type: Runtime.ExitError',
      level: 'ERROR',
    });
  });

  it('summarizes a report without metrics', () => {
    const event = decodeOne('platform.report', {
      requestId: 'r-2',
      status: 'timeout',
    });

    expect(event?.message).toBe('REPORT RequestId: r-2 Status: timeout');
  });

  it('marks an extension that failed as ERROR', () => {
    const event = decodeOne('platform.extension', {
      name: 'broken',
      state: 'Ready',
      events: 'INVOKE',
      errorType: 'Extension.LaunchError',
    });

    expect(event).toMatchObject({
      message:
        'EXTENSION Name: broken State: Ready Error Type: Extension.LaunchError',
      level: 'ERROR',
    });
  });

  it('summarizes a fault given as an object', () => {
    const event = decodeOne('platform.fault', {
      status: 'error',
      errorType: 'Sandbox.Failure',
    });

    expect(event).toMatchObject({
      message: 'FAULT Status: error Error Type: Sandbox.Failure',
      level: 'ERROR',
      requestId: undefined,
    });
  });

  it('keeps a string record of an unknown platform type as message', () => {
    const event = decodeOne('platform.somethingNew', 'free text');

    expect(event).toMatchObject({
      stream: 'platform',
      message: 'free text',
      level: undefined,
    });
  });

  it('writes non-numeric metrics as given', () => {
    const event = decodeOne('platform.initReport', {
      metrics: { durationMs: '12' },
    });

    expect(event?.message).toBe('INIT_REPORT Init Duration: 12 ms');
  });
});

describe('createDecoder: function and extension records', () => {
  it('reads the Node.js text prefix', () => {
    const { raw, event } = decodeFixture('telemetry-function');

    expect(event).toMatchObject({
      type: 'function',
      stream: 'function',
      record: raw.record,
      message: 'loaded 3 orders',
      level: 'INFO',
      requestId: REQUEST_ID,
      timeMs: Date.parse('2026-01-20T09:14:02.700Z'),
    });
  });

  it('gives each line the request id of its own prefix, repeated or not', () => {
    const decoder = createDecoder({ context: TEST_CONTEXT });
    const ids = [REQUEST_ID, REQUEST_ID, TIMEOUT_REQUEST_ID, 'undefined'];
    const line = (id: string) =>
      decoder.decode({
        time: '2026-01-20T09:14:02.700Z',
        type: 'function',
        record: `2026-01-20T09:14:02.700Z\t${id}\tINFO\tm\n`,
      })?.requestId;

    expect([...ids, REQUEST_ID].map(line)).toEqual([
      REQUEST_ID,
      REQUEST_ID,
      TIMEOUT_REQUEST_ID,
      undefined,
      REQUEST_ID,
    ]);
  });

  it('reads every level name in the Node.js text prefix, aliases too', () => {
    const decoder = createDecoder({ context: TEST_CONTEXT });
    const names = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
    const levelOf = (name: string) =>
      decoder.decode({
        time: '2026-01-20T09:14:02.700Z',
        type: 'function',
        record: `2026-01-20T09:14:02.700Z\t${REQUEST_ID}\t${name}\tm\n`,
      })?.level;

    expect(names.map(levelOf)).toEqual(names);
    expect(['WARNING', 'info', 'CRITICAL', 'INF'].map(levelOf)).toEqual([
      'WARN',
      'INFO',
      'FATAL',
      undefined,
    ]);
  });

  it('reads a JSON log format object and keeps it untouched', () => {
    const { raw, event } = decodeFixture('telemetry-function-json');

    expect(event).toMatchObject({
      stream: 'function',
      message: 'loaded 3 orders',
      level: 'INFO',
      requestId: REQUEST_ID,
    });
    expect(event?.record).toBe(raw.record);
  });

  it('reads a plain extension line', () => {
    const { event } = decodeFixture('telemetry-extension');

    expect(event).toMatchObject({
      type: 'extension',
      stream: 'extension',
      message: '[telemetry-shipper] listening on sandbox.localdomain:4243',
      level: undefined,
      requestId: undefined,
    });
  });

  it.each([
    [
      'a Python prefix',
      `[ERROR]\t2026-01-20T09:14:02.700Z\t${REQUEST_ID}\tpayment failed\n`,
      { message: 'payment failed', level: 'ERROR', requestId: REQUEST_ID },
    ],
    [
      'a Python prefix without request id',
      '[WARNING]\t2026-01-20T09:14:02.700Z\tcache cold\n',
      { message: 'cache cold', level: 'WARN', requestId: undefined },
    ],
    [
      'a Node init line ("undefined" request id)',
      '2026-01-20T09:14:02.100Z\tundefined\tINFO\tconnecting\n',
      { message: 'connecting', level: 'INFO', requestId: undefined },
    ],
    [
      'a multi-line Node record (stack trace stays one message)',
      `2026-01-20T09:14:02.700Z\t${REQUEST_ID}\tERROR\tError: boom\n    at handler (/var/task/index.mjs:3:9)\n`,
      {
        message: 'Error: boom\n    at handler (/var/task/index.mjs:3:9)',
        level: 'ERROR',
      },
    ],
    [
      'a line that is a JSON object',
      '{"level":"warn","msg":"slow query","requestId":"r-1","ms":812}\n',
      { message: 'slow query', level: 'WARN', requestId: 'r-1' },
    ],
    [
      'a pino line with a numeric level',
      '{"level":50,"time":1768900442700,"msg":"db down"}',
      { message: 'db down', level: 'ERROR', requestId: undefined },
    ],
    [
      'a JSON line without message',
      '{"event":"checkout","total":12}',
      { message: '{"event":"checkout","total":12}', level: undefined },
    ],
    [
      'a line that looks like JSON but is not',
      '{not json}\n',
      { message: '{not json}', level: undefined },
    ],
    [
      'a print line with CRLF',
      'hello\r\n',
      { message: 'hello', level: undefined },
    ],
    [
      'a line with a date but no level column',
      '2026-01-20T09:14:02.700Z\tjust\ttabs\there',
      {
        message: '2026-01-20T09:14:02.700Z\tjust\ttabs\there',
        level: undefined,
      },
    ],
    [
      'a bracketed line that is not a level',
      '[telemetry-shipper]\tready',
      { message: '[telemetry-shipper]\tready', level: undefined },
    ],
  ])('reads %s', (_, record, expected) => {
    const decoder = createDecoder({ context: TEST_CONTEXT });

    const event = decoder.decode({
      time: '2026-01-20T09:14:02.700Z',
      type: 'function',
      record,
    });

    expect(event).toMatchObject({ ...expected, record });
  });

  it('reads JSON objects with other message and request id keys', () => {
    const decoder = createDecoder({ context: TEST_CONTEXT });
    const records = [
      { level: 'ERROR', errorMessage: 'boom', AWSRequestId: 'a' },
      { level: 'INFO', message: { nested: true }, function_request_id: 'b' },
      { level: 'nonsense', timestamp: 'x' },
    ];

    const events = records.map((record) =>
      decoder.decode({
        time: '2026-01-20T09:14:02.700Z',
        type: 'function',
        record,
      })
    );

    expect(events.map((e) => [e?.message, e?.level, e?.requestId])).toEqual([
      ['boom', 'ERROR', 'a'],
      ['{"nested":true}', 'INFO', 'b'],
      ['{"level":"nonsense","timestamp":"x"}', undefined, undefined],
    ]);
  });

  it('gives non-string, non-object records a text message', () => {
    const decoder = createDecoder({ context: TEST_CONTEXT });

    const events = [42, undefined].map((record) =>
      decoder.decode({
        time: '2026-01-20T09:14:02.700Z',
        type: 'function',
        record,
      })
    );

    expect(events.map((e) => e?.message)).toEqual(['42', '']);
  });
});

describe('createDecoder: Logs API events', () => {
  it.each([
    [
      'logs-api-platform-start',
      `START RequestId: ${REQUEST_ID} Version: $LATEST`,
      'INFO',
    ],
    ['logs-api-platform-end', `END RequestId: ${REQUEST_ID}`, 'INFO'],
    [
      'logs-api-platform-runtime-done',
      `RUNTIME_DONE RequestId: ${REQUEST_ID} Status: success`,
      'INFO',
    ],
    [
      'logs-api-platform-report',
      `REPORT RequestId: ${REQUEST_ID} Duration: 152.73 ms Billed Duration: 153 ms Memory Size: 1024 MB Max Memory Used: 96 MB Init Duration: 523.87 ms`,
      'INFO',
    ],
  ])('summarizes %s', (name, message, level) => {
    const { event } = decodeFixture(name);

    expect(event).toMatchObject({
      stream: 'platform',
      message,
      level,
      requestId: REQUEST_ID,
    });
  });

  it.each([['logs-api-platform-fault'], ['logs-api-platform-fault-older']])(
    'keeps %s text as message and finds its request id',
    (name) => {
      const { raw, event } = decodeFixture(name);

      expect(event).toMatchObject({
        stream: 'platform',
        message: raw.record,
        level: 'ERROR',
        requestId: TIMEOUT_REQUEST_ID,
      });
    }
  );

  it.each([
    [
      'logs-api-platform-extension',
      'EXTENSION Name: legacy-logs-shipper State: Ready Events: [INVOKE, SHUTDOWN]',
    ],
    [
      'logs-api-platform-logs-subscription',
      'LOGS Name: legacy-logs-shipper State: Subscribed Types: [platform, function]',
    ],
    [
      'logs-api-platform-logs-dropped',
      'LOGS_DROPPED Dropped Records: 4096 Dropped Bytes: 524288 Reason: Consumer seems to have fallen behind as it has not acknowledged receipt of logs.',
    ],
  ])('summarizes %s', (name, message) => {
    const { event } = decodeFixture(name);

    expect(event).toMatchObject({ stream: 'platform', message });
  });

  it.each([
    ['logs-api-function', 'function', 'loaded 3 orders'],
    [
      'logs-api-extension',
      'extension',
      '[telemetry-shipper] flushed 12 events',
    ],
  ])('reads %s', (name, stream, message) => {
    const { event } = decodeFixture(name);

    expect(event).toMatchObject({ stream, message });
  });
});

describe('createDecoder: envelopes', () => {
  it.each([[null], ['text'], [42], [[]], [{}], [{ type: 7 }]])(
    'returns undefined for %j',
    (raw) => {
      const decoder = createDecoder({ context: TEST_CONTEXT });

      expect(decoder.decode(raw)).toBeUndefined();
    }
  );

  it('passes unknown types through untouched', () => {
    const decoder = createDecoder({ context: TEST_CONTEXT });
    const record = { requestId: 'r-9', something: 'new' };

    const platform = decoder.decode({
      time: '2026-01-20T09:14:02.700Z',
      type: 'platform.future',
      record,
    });
    const other = decoder.decode({
      time: '2026-01-20T09:14:02.700Z',
      type: 'logdrain.shutdown',
      record: 'stopping',
    });

    expect(platform).toMatchObject({
      stream: 'platform',
      record,
      message: 'platform.future',
      level: undefined,
      requestId: 'r-9',
    });
    expect(platform?.record).toBe(record);
    expect(other).toMatchObject({
      stream: 'function',
      message: 'stopping',
      level: undefined,
    });
  });

  it('accepts any fractional precision in time', () => {
    const decoder = createDecoder({ context: TEST_CONTEXT });

    const event = decoder.decode({
      time: '2026-01-20T09:14:02.641123456Z',
      type: 'function',
      record: 'x',
    });

    expect(event?.timeMs).toBe(Date.parse('2026-01-20T09:14:02.641Z'));
  });

  it('gives each event the time of its own envelope, repeated or not', () => {
    const decoder = createDecoder({ context: TEST_CONTEXT, nowMs: () => 7 });
    const times = [
      '2026-01-20T09:14:02.700Z',
      '2026-01-20T09:14:02.700Z',
      '2026-01-20T09:14:02.701Z',
      'yesterday',
      '2026-01-20T09:14:02.700Z',
    ];

    const timeMs = times.map(
      (time) => decoder.decode({ time, type: 'function', record: 'x' })?.timeMs
    );

    expect(timeMs).toEqual([
      1_768_900_442_700, 1_768_900_442_700, 1_768_900_442_701, 7,
      1_768_900_442_700,
    ]);
  });

  it('falls back to the receipt time when time is missing or invalid', () => {
    const decoder = createDecoder({
      context: TEST_CONTEXT,
      nowMs: () => 1_768_900_442_700,
    });

    const missing = decoder.decode({ type: 'function', record: 'x' });
    const invalid = decoder.decode({
      time: 'yesterday',
      type: 'function',
      record: 'x',
    });

    expect(missing).toMatchObject({
      time: '2026-01-20T09:14:02.700Z',
      timeMs: 1_768_900_442_700,
    });
    expect(invalid).toMatchObject({
      time: 'yesterday',
      timeMs: 1_768_900_442_700,
    });
  });
});

describe('createDecoder: cold start', () => {
  it('marks init events and the first request, not the second', () => {
    const decoder = createDecoder({ context: TEST_CONTEXT });
    const line = (id: string) => ({
      time: '2026-01-20T09:14:02.700Z',
      type: 'function',
      record: `2026-01-20T09:14:02.700Z\t${id}\tINFO\tline\n`,
    });
    const sequence = [
      loadFixture('telemetry-platform-init-start'),
      {
        time: '2026-01-20T09:14:02.300Z',
        type: 'function',
        record: 'init print\n',
      },
      loadFixture('telemetry-platform-init-report'),
      loadFixture('telemetry-platform-start'),
      line(REQUEST_ID),
      loadFixture('telemetry-platform-runtime-done'),
      {
        type: 'platform.start',
        time: '2026-01-20T09:15:00.000Z',
        record: { requestId: 'second' },
      },
      loadFixture('telemetry-platform-report'),
      line('second'),
      {
        time: '2026-01-20T09:15:00.100Z',
        type: 'function',
        record: 'print without id\n',
      },
      loadFixture('telemetry-platform-init-runtime-done'),
    ];

    const flags = sequence.map((raw) => decoder.decode(raw)?.coldStart);

    expect(flags).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  it('uses the first request id seen when there is no platform.start', () => {
    const decoder = createDecoder({ context: TEST_CONTEXT });
    const line = (id: string) => ({
      time: '2026-01-20T09:14:02.700Z',
      type: 'function',
      record: { level: 'INFO', message: 'm', requestId: id },
    });

    const flags = [line('a'), line('a'), line('b'), line('a')].map(
      (raw) => decoder.decode(raw)?.coldStart
    );

    expect(flags).toEqual([true, true, false, true]);
  });
});
