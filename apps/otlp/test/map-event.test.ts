import { describe, expect, it } from 'vitest';
import { isoToHrTime, toLogRecord } from '../src/map-event.js';
import { makeEvent, mapContext, TRACE_HEADER } from './helpers.js';

describe('toLogRecord', () => {
  it('maps a text line: body, times, severity and invocation id', () => {
    const record = toLogRecord(makeEvent(), mapContext());

    expect(record).toMatchObject({
      body: 'loaded 3 orders',
      hrTime: [1768900442, 700_000_000],
      hrTimeObserved: [1768900443, 0],
      severityNumber: 9,
      severityText: 'INFO',
      attributes: { 'faas.invocation_id': 'req-1' },
      droppedAttributesCount: 0,
    });
    expect(record.spanContext).toBeUndefined();
    expect(record.eventName).toBeUndefined();
  });

  it.each([
    ['TRACE', 1],
    ['DEBUG', 5],
    ['INFO', 9],
    ['WARN', 13],
    ['ERROR', 17],
    ['FATAL', 21],
  ] as const)('gives %s severity number %i', (level, number) => {
    const record = toLogRecord(makeEvent({ level }), mapContext());

    expect(record.severityNumber).toBe(number);
    expect(record.severityText).toBe(level);
  });

  it('leaves severity unset for a line without a level', () => {
    const record = toLogRecord(
      makeEvent({ level: undefined, record: 'plain\n', message: 'plain' }),
      mapContext()
    );

    expect(record.severityNumber).toBeUndefined();
    expect(record.severityText).toBeUndefined();
  });

  it('keeps every key of a JSON-format record, nested ones as maps', () => {
    const json = {
      timestamp: '2026-01-20T09:14:02.123456Z',
      level: 'warning',
      requestId: 'req-1',
      message: 'slow query',
      db: { table: 'orders', rows: [1, 2], timing: { ms: 12.5 } },
      empty: {},
      nothing: null,
      huge: 1e300,
    };

    const record = toLogRecord(
      makeEvent({ record: json, message: 'slow query', level: 'WARN' }),
      mapContext()
    );

    expect(record.body).toBe('slow query');
    expect(record.severityText).toBe('warning');
    expect(record.severityNumber).toBe(13);
    expect(record.hrTime).toEqual([1768900442, 123_456_000]);
    expect(record.attributes).toEqual({
      db: { table: 'orders', rows: [1, 2], timing: { ms: 12.5 } },
      empty: {},
      nothing: null,
      huge: '1e+300',
      'faas.invocation_id': 'req-1',
    });
  });

  it('reads a text line whose message is a JSON object as structured', () => {
    const text =
      '{"msg":"paid","order":{"id":7},"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01"}';

    const record = toLogRecord(
      makeEvent({
        record: `2026-01-20T09:14:02.700Z\treq-1\tINFO\t${text}\n`,
        message: text,
      }),
      mapContext()
    );

    expect(record.body).toBe('paid');
    expect(record.attributes).toMatchObject({ order: { id: 7 } });
    expect(record.spanContext).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    });
  });

  it('gives function lines the trace of their invocation from platform.start', () => {
    const ctx = mapContext();
    const start = makeEvent({
      type: 'platform.start',
      stream: 'platform',
      record: {
        requestId: 'req-1',
        version: '7',
        tracing: {
          spanId: '1a2b3c4d5e6f7081',
          type: 'X-Amzn-Trace-Id',
          value: TRACE_HEADER,
        },
      },
      message: 'START RequestId: req-1 Version: 7',
      level: undefined,
      coldStart: true,
    });

    const startRecord = toLogRecord(start, ctx);
    const line = toLogRecord(makeEvent(), ctx);
    const other = toLogRecord(makeEvent({ requestId: 'req-2' }), ctx);

    const expected = {
      traceId: '678e2f104b6f1d2a9c3e5f7a8b9c0d1e',
      spanId: '1a2b3c4d5e6f7081',
      traceFlags: 1,
    };
    expect(startRecord.spanContext).toEqual(expected);
    expect(line.spanContext).toEqual(expected);
    expect(other.spanContext).toBeUndefined();
    expect(startRecord.eventName).toBe('platform.start');
    expect(startRecord.attributes).toMatchObject({
      'faas.invocation_id': 'req-1',
      'faas.coldstart': true,
      version: '7',
    });
  });

  it('maps platform.report metrics to semantic-convention attributes', () => {
    const report = makeEvent({
      type: 'platform.report',
      stream: 'platform',
      level: undefined,
      message: 'REPORT RequestId: req-1 Duration: 152.73 ms',
      record: {
        requestId: 'req-1',
        status: 'timeout',
        errorType: 'Sandbox.Timedout',
        metrics: {
          durationMs: 152.73,
          billedDurationMs: 153,
          memorySizeMB: 1024,
          maxMemoryUsedMB: 96,
          initDurationMs: 523.87,
        },
      },
    });

    const record = toLogRecord(report, mapContext());

    expect(record.body).toBe('REPORT RequestId: req-1 Duration: 152.73 ms');
    expect(record.severityText).toBe('ERROR');
    expect(record.severityNumber).toBe(17);
    expect(record.attributes).toEqual({
      status: 'timeout',
      errorType: 'Sandbox.Timedout',
      metrics: {
        durationMs: 152.73,
        billedDurationMs: 153,
        memorySizeMB: 1024,
        maxMemoryUsedMB: 96,
        initDurationMs: 523.87,
      },
      'faas.invocation_id': 'req-1',
      'error.type': 'Sandbox.Timedout',
      'faas.invoke_duration': 0.15273,
      'faas.init_duration': 0.52387,
      'faas.mem_usage': 96 * 1_048_576,
      'faas.max_memory': 1024 * 1_048_576,
      'faas.coldstart': true,
    });
  });

  it('does not modify the event it maps', () => {
    const json = { message: 'm', big: 1e300, nested: { big: 1e300 } };
    const event = makeEvent({ record: json, message: 'm' });
    const before = structuredClone(event);

    toLogRecord(event, mapContext());

    expect(event).toEqual(before);
  });
});

describe('isoToHrTime', () => {
  it('keeps nanosecond digits and refuses what is not a time', () => {
    expect(isoToHrTime('2026-01-20T09:14:02.123456789Z')).toEqual([
      1768900442, 123_456_789,
    ]);
    expect(isoToHrTime('2026-01-20T09:14:02Z')).toEqual([1768900442, 0]);
    expect(isoToHrTime('yesterday')).toBeUndefined();
    expect(isoToHrTime(5)).toBeUndefined();
  });
});
