import { describe, expect, it } from 'vitest';
import {
  createInvocationTraces,
  traceFromRecord,
  traceFromXRay,
} from '../src/trace-context.js';
import { TRACE_HEADER } from './helpers.js';

describe('traceFromXRay', () => {
  it('joins the Root parts into the trace id and takes Parent as span', () => {
    expect(traceFromXRay(TRACE_HEADER)).toEqual({
      traceId: '678e2f104b6f1d2a9c3e5f7a8b9c0d1e',
      spanId: '53995c3f42cd8ad8',
      traceFlags: 1,
    });
  });

  it('prefers the invocation span id and reads Sampled=0', () => {
    const header = TRACE_HEADER.replace('Sampled=1', 'Sampled=0');

    expect(traceFromXRay(header, '1A2B3C4D5E6F7081')).toEqual({
      traceId: '678e2f104b6f1d2a9c3e5f7a8b9c0d1e',
      spanId: '1a2b3c4d5e6f7081',
      traceFlags: 0,
    });
  });

  it.each([
    'Root=2-x',
    'Parent=53995c3f42cd8ad8',
    'Root=1-678e2f10-4b6f1d2a9c3e5f7a8b9c0d1e',
  ])('gives nothing for %j', (header) => {
    expect(traceFromXRay(header)).toBeUndefined();
  });
});

describe('traceFromRecord', () => {
  it('reads camelCase ids and an X-Ray id', () => {
    expect(
      traceFromRecord({
        traceId: '4BF92F3577B34DA6A3CE929D0E0E4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: 1,
      })
    ).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    });
    expect(
      traceFromRecord({ xray_trace_id: '1-678e2f10-4b6f1d2a9c3e5f7a8b9c0d1e' })
    ).toBeUndefined();
    expect(traceFromRecord({ _X_AMZN_TRACE_ID: TRACE_HEADER })?.traceId).toBe(
      '678e2f104b6f1d2a9c3e5f7a8b9c0d1e'
    );
  });

  it('refuses all-zero and malformed ids', () => {
    expect(
      traceFromRecord({ trace_id: '0'.repeat(32), span_id: '00f067aa0ba902b7' })
    ).toBeUndefined();
    expect(
      traceFromRecord({ trace_id: 'xyz', span_id: '00f067aa0ba902b7' })
    ).toBeUndefined();
  });
});

describe('createInvocationTraces', () => {
  it('forgets the oldest request beyond its bound', () => {
    const traces = createInvocationTraces({ maxRequests: 2 });
    const record = {
      tracing: { type: 'X-Amzn-Trace-Id', value: TRACE_HEADER },
    };

    traces.note('a', record);
    traces.note('b', record);
    traces.note('c', record);

    expect(traces.get('a')).toBeUndefined();
    expect(traces.get('b')?.spanId).toBe('53995c3f42cd8ad8');
    expect(traces.get('c')?.spanId).toBe('53995c3f42cd8ad8');
  });
});
