import type { LogEvent, LogLevel } from '@logdrain/core';
import type { AnyValue, LogAttributes } from '@opentelemetry/api-logs';
import { toAnyValue } from './any-value.js';

const MIB = 1_048_576;

/** Milliseconds as seconds, without binary noise (152.73 → 0.15273). */
function seconds(ms: number): number {
  return Math.round(ms * 1_000_000) / 1_000_000_000;
}

/** OTel log severity numbers (Logs Data Model) for Lambda's levels. */
export const SEVERITY_NUMBERS: Readonly<Record<LogLevel, number>> =
  Object.freeze({
    TRACE: 1,
    DEBUG: 5,
    INFO: 9,
    WARN: 13,
    ERROR: 17,
    FATAL: 21,
  });

/**
 * The level of a platform event: core's when it set one, else ERROR for a
 * request that ended in `error`, `failure` or `timeout`, WARN for records
 * Lambda dropped, INFO otherwise.
 *
 * @example
 * platformLevel(reportEvent); // → 'INFO'
 */
export function platformLevel(event: LogEvent): LogLevel {
  if (event.level !== undefined) return event.level;
  if (event.type === 'platform.logsDropped') return 'WARN';
  const status = (event.record as { status?: unknown } | null)?.status;
  return status === 'error' || status === 'failure' || status === 'timeout'
    ? 'ERROR'
    : 'INFO';
}

/**
 * A platform event's fields as log attributes: every field of its record
 * under its own name (nested objects kept as maps), `requestId` as
 * `faas.invocation_id`, plus the figures that have a semantic-convention
 * name, in its units: `faas.invoke_duration` and `faas.init_duration`
 * (seconds), `faas.mem_usage` and `faas.max_memory` (bytes),
 * `faas.coldstart`, and `error.type`.
 *
 * @example
 * platformAttributes(reportEvent)['faas.invoke_duration']; // → 0.15273
 */
export function platformAttributes(event: LogEvent): LogAttributes {
  const attributes: Record<string, AnyValue> = {};
  const record = event.record;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    if (event.requestId !== undefined) {
      attributes['faas.invocation_id'] = event.requestId;
    }
    return attributes;
  }
  const fields = record as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (key !== 'requestId') attributes[key] = toAnyValue(value);
  }
  if (event.requestId !== undefined) {
    attributes['faas.invocation_id'] = event.requestId;
  }
  const metrics = (fields.metrics ?? {}) as Record<string, unknown>;
  const number = (key: string) => {
    const value = metrics[key];
    return typeof value === 'number' && Number.isFinite(value)
      ? value
      : undefined;
  };
  if (typeof fields.errorType === 'string') {
    attributes['error.type'] = fields.errorType;
  }
  switch (event.type) {
    case 'platform.start':
      attributes['faas.coldstart'] = event.coldStart;
      break;
    case 'platform.initReport': {
      const durationMs = number('durationMs');
      if (durationMs !== undefined) {
        attributes['faas.init_duration'] = seconds(durationMs);
      }
      break;
    }
    case 'platform.report': {
      const durationMs = number('durationMs');
      const initDurationMs = number('initDurationMs');
      const maxMemoryUsedMb = number('maxMemoryUsedMB');
      const memorySizeMb = number('memorySizeMB');
      if (durationMs !== undefined) {
        attributes['faas.invoke_duration'] = seconds(durationMs);
      }
      if (initDurationMs !== undefined) {
        attributes['faas.init_duration'] = seconds(initDurationMs);
      }
      if (maxMemoryUsedMb !== undefined) {
        attributes['faas.mem_usage'] = maxMemoryUsedMb * MIB;
      }
      if (memorySizeMb !== undefined) {
        attributes['faas.max_memory'] = memorySizeMb * MIB;
      }
      attributes['faas.coldstart'] = initDurationMs !== undefined;
      break;
    }
  }
  return attributes;
}
