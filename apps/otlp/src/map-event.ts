import type { LogEvent } from '@logdrain/core';
import type { HrTime } from '@opentelemetry/api';
import type { AnyValue } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { toAnyValue } from './any-value.js';
import {
  platformAttributes,
  platformLevel,
  SEVERITY_NUMBERS,
} from './platform-attributes.js';
import {
  type InvocationTraces,
  type TraceContext,
  traceFromRecord,
} from './trace-context.js';

/** What every record of one batch shares. */
export interface MapContext {
  readonly resource: Resource;
  readonly scope: ReadableLogRecord['instrumentationScope'];
  readonly traces: InvocationTraces;
  /** When the layer handed the batch over: the observed timestamp. */
  readonly observed: HrTime;
}

/**
 * One LogEvent as an OTLP log record. Function and extension lines: body =
 * the message without Lambda's prefix, severity from the level, the
 * request id as `faas.invocation_id`. A structured line (a JSON-format
 * record, or a line whose text is a JSON object) keeps every key: `message`
 * (else `msg`) is the body, `level` the severity text, `timestamp` the time,
 * `requestId` the invocation id, and every other key an attribute of its own
 * name, nested objects kept as maps. Platform events: body = the readable
 * summary, event name = the Telemetry API type, fields as attributes.
 * Trace and span ids come from the record, else from the invocation's
 * X-Ray header (seen on its platform events).
 *
 * @example
 * const record = toLogRecord(event, { resource, scope, traces, observed: [1768900442, 0] });
 */
export function toLogRecord(
  event: LogEvent,
  ctx: MapContext
): ReadableLogRecord {
  if (event.stream === 'platform') {
    ctx.traces.note(event.requestId, event.record);
    const level = platformLevel(event);
    return build(ctx, {
      body: event.message,
      attributes: platformAttributes(event),
      severityText: level,
      severityNumber: SEVERITY_NUMBERS[level],
      eventName: event.type,
      hrTime: msToHrTime(event.timeMs),
      trace: ctx.traces.get(event.requestId),
    });
  }
  const object = structuredOf(event);
  const attributes: Record<string, AnyValue> = {};
  let body: AnyValue = event.message;
  let severityText: string | undefined = event.level;
  let hrTime = msToHrTime(event.timeMs);
  let trace: TraceContext | undefined;
  if (object !== undefined) {
    const bodyKey = 'message' in object ? 'message' : 'msg';
    for (const [key, value] of Object.entries(object)) {
      if (key === bodyKey && (key === 'message' || typeof value === 'string')) {
        body = toAnyValue(value);
      } else if (key === 'level' && typeof value === 'string') {
        severityText = value;
      } else if (key === 'timestamp' && isoToHrTime(value) !== undefined) {
        hrTime = isoToHrTime(value) as HrTime;
      } else if (key === 'requestId' && value === event.requestId) {
        // Carried as faas.invocation_id below.
      } else {
        attributes[key] = toAnyValue(value);
      }
    }
    trace = traceFromRecord(object);
  }
  if (event.requestId !== undefined) {
    attributes['faas.invocation_id'] = event.requestId;
  }
  return build(ctx, {
    body,
    attributes,
    severityText,
    severityNumber:
      event.level === undefined ? undefined : SEVERITY_NUMBERS[event.level],
    eventName:
      event.type === 'function' || event.type === 'extension'
        ? undefined
        : event.type,
    hrTime,
    trace: trace ?? ctx.traces.get(event.requestId),
  });
}

function build(
  ctx: MapContext,
  fields: {
    body: AnyValue;
    attributes: Record<string, AnyValue>;
    severityText: string | undefined;
    severityNumber: number | undefined;
    eventName: string | undefined;
    hrTime: HrTime;
    trace: TraceContext | undefined;
  }
): ReadableLogRecord {
  const { trace } = fields;
  return {
    hrTime: fields.hrTime,
    hrTimeObserved: ctx.observed,
    ...(trace === undefined
      ? {}
      : {
          spanContext: {
            traceId: trace.traceId,
            spanId: trace.spanId,
            traceFlags: trace.traceFlags,
          },
        }),
    ...(fields.severityText === undefined
      ? {}
      : { severityText: fields.severityText }),
    ...(fields.severityNumber === undefined
      ? {}
      : { severityNumber: fields.severityNumber }),
    body: fields.body,
    ...(fields.eventName === undefined ? {} : { eventName: fields.eventName }),
    resource: ctx.resource,
    instrumentationScope: ctx.scope,
    attributes: fields.attributes,
    droppedAttributesCount: 0,
  };
}

/** The JSON object a function/extension record is or holds, if any. */
function structuredOf(event: LogEvent): Record<string, unknown> | undefined {
  const { record } = event;
  if (typeof record === 'object' && record !== null) {
    return Array.isArray(record)
      ? undefined
      : (record as Record<string, unknown>);
  }
  return (
    (typeof record === 'string' ? jsonObjectOf(record) : undefined) ??
    jsonObjectOf(event.message)
  );
}

function jsonObjectOf(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Epoch milliseconds as [seconds, nanoseconds]. */
export function msToHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1_000);
  return [seconds, Math.round((ms - seconds * 1_000) * 1_000_000)];
}

/** An RFC 3339 time with up to nanosecond digits, or undefined. */
export function isoToHrTime(value: unknown): HrTime | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const [seconds, nanos] = msToHrTime(ms);
  const fraction = /T\d\d:\d\d:\d\d\.(\d+)/.exec(value)?.[1];
  if (fraction === undefined) return [seconds, nanos];
  return [seconds, Number(fraction.padEnd(9, '0').slice(0, 9))];
}
