import type { LogLineFields } from './log-line.js';

type Fields = Record<string, unknown>;

/**
 * Writes a readable one-line `message`, the `requestId` and a `level` for a
 * `platform.*` event into `out`, in the style of the lines Lambda writes to
 * CloudWatch (`REPORT RequestId: … Duration: 152.73 ms …`). Failed statuses
 * and faults are ERROR, dropped logs WARN, the rest INFO. An unknown
 * platform type gets its string record or its type name as message and no
 * level. Returns false for an unknown type.
 *
 * @example
 * const out: LogLineFields = { message: '', level: undefined, requestId: undefined };
 * summarizePlatformEvent('platform.start', { requestId: 'abc', version: '$LATEST' }, out);
 * // out.message: 'START RequestId: abc Version: $LATEST'
 */
export function summarizePlatformEvent(
  type: string,
  record: unknown,
  out: LogLineFields
): boolean {
  const r: Fields =
    typeof record === 'object' && record !== null ? (record as Fields) : {};
  out.requestId = text(r.requestId);
  out.level = failed(r) ? 'ERROR' : 'INFO';
  const summary = summarize(type, r, record);
  if (summary === undefined) {
    out.level = undefined;
    out.message = typeof record === 'string' ? record : type;
    return false;
  }
  out.message = summary;
  if (type === 'platform.fault') {
    out.level = 'ERROR';
    // "RequestId: <id> Status: error\tErrorType: …" (spec 5.2), else opaque.
    const match = /^RequestId: ([^\s]+)/.exec(summary);
    out.requestId = match?.[1];
  } else if (type === 'platform.logsDropped') {
    out.level = 'WARN';
  }
  return true;
}

function summarize(
  type: string,
  r: Fields,
  record: unknown
): string | undefined {
  switch (type) {
    case 'platform.initStart':
      return line('INIT_START', [
        ['Initialization Type', r.initializationType],
        ['Phase', r.phase],
        ['Runtime Version', r.runtimeVersion],
        ['Runtime Version ARN', r.runtimeVersionArn],
      ]);
    case 'platform.initRuntimeDone':
      return line('INIT_RUNTIME_DONE', statusParts(r));
    case 'platform.initReport':
      return line('INIT_REPORT', [
        ['Init Duration', ms(metric(r, 'durationMs'))],
        ...statusParts(r),
      ]);
    case 'platform.start':
      return line('START', [
        ['RequestId', r.requestId],
        ['Version', r.version],
      ]);
    case 'platform.runtimeDone':
      return line('RUNTIME_DONE', [
        ['RequestId', r.requestId],
        ['Status', r.status],
        ['Duration', ms(metric(r, 'durationMs'))],
        ['Produced Bytes', metric(r, 'producedBytes')],
        ['Error Type', r.errorType],
      ]);
    case 'platform.report':
      return line('REPORT', [
        ['RequestId', r.requestId],
        ['Duration', ms(metric(r, 'durationMs'))],
        ['Billed Duration', ms(metric(r, 'billedDurationMs'))],
        ['Memory Size', unit(metric(r, 'memorySizeMB'), 'MB')],
        ['Max Memory Used', unit(metric(r, 'maxMemoryUsedMB'), 'MB')],
        ['Init Duration', ms(metric(r, 'initDurationMs'))],
        ['Restore Duration', ms(metric(r, 'restoreDurationMs'))],
        // CloudWatch prints the status only when it is not a success.
        ['Status', r.status === 'success' ? undefined : r.status],
        ['Error Type', r.errorType],
      ]);
    case 'platform.end':
      return line('END', [['RequestId', r.requestId]]);
    case 'platform.fault':
      return typeof record === 'string'
        ? record
        : line('FAULT', statusParts(r));
    case 'platform.restoreStart':
      return line('RESTORE_START', [
        ['Runtime Version', r.runtimeVersion],
        ['Runtime Version ARN', r.runtimeVersionArn],
      ]);
    case 'platform.restoreRuntimeDone':
      return line('RESTORE_RUNTIME_DONE', statusParts(r));
    case 'platform.restoreReport':
      return line('RESTORE_REPORT', [
        ['Restore Duration', ms(metric(r, 'durationMs'))],
        ...statusParts(r),
      ]);
    case 'platform.extension':
      return line('EXTENSION', [
        ['Name', r.name],
        ['State', r.state],
        ['Events', list(r.events)],
        ['Error Type', r.errorType],
      ]);
    case 'platform.telemetrySubscription':
    case 'platform.logsSubscription':
      return line(type === 'platform.logsSubscription' ? 'LOGS' : 'TELEMETRY', [
        ['Name', r.name],
        ['State', r.state],
        ['Types', list(r.types)],
      ]);
    case 'platform.logsDropped':
      return line('LOGS_DROPPED', [
        ['Dropped Records', r.droppedRecords],
        ['Dropped Bytes', r.droppedBytes],
        ['Reason', r.reason],
      ]);
    default:
      return undefined;
  }
}

function failed(r: Fields): boolean {
  const status = r.status;
  return (
    (typeof status === 'string' && status !== 'success') ||
    typeof r.errorType === 'string'
  );
}

function statusParts(r: Fields): Array<[string, unknown]> {
  return [
    ['Phase', r.phase],
    ['Status', r.status],
    ['Error Type', r.errorType],
  ];
}

function line(label: string, parts: Array<[string, unknown]>): string {
  let out = label;
  for (const [name, value] of parts) {
    if (value !== undefined && value !== null)
      out += ` ${name}: ${String(value)}`;
  }
  return out;
}

function metric(r: Fields, name: string): unknown {
  const metrics = r.metrics;
  if (typeof metrics !== 'object' || metrics === null) return undefined;
  return (metrics as Fields)[name];
}

function ms(value: unknown): string | undefined {
  if (typeof value !== 'number')
    return value === undefined ? undefined : `${String(value)} ms`;
  return `${Number.isInteger(value) ? value : value.toFixed(2)} ms`;
}

function unit(value: unknown, suffix: string): string | undefined {
  return value === undefined ? undefined : `${String(value)} ${suffix}`;
}

function list(value: unknown): string | undefined {
  return Array.isArray(value) ? `[${value.join(', ')}]` : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
