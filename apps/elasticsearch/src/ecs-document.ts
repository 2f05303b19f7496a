import type { LogEvent } from '@logdrain/core';

/** The ECS version the documents follow. */
export const ECS_VERSION = '8.11.0';

/** One Elasticsearch document, as sent in a _bulk `create`. */
export type EcsDocument = Record<string, unknown>;

/** What a platform.report carries in `record.metrics` (Telemetry API). */
const REPORT_METRICS = [
  'durationMs',
  'billedDurationMs',
  'memorySizeMB',
  'maxMemoryUsedMB',
  'initDurationMs',
  'restoreDurationMs',
  'billedRestoreDurationMs',
] as const;

/**
 * Maps one LogEvent to an Elastic Common Schema document. `@timestamp` is
 * the event's own time (when Lambda saw the line), not the time of
 * indexing. A text line's exact bytes are kept in `event.original`; a JSON
 * log record's keys under `aws.lambda.log`; a platform event's record under
 * `aws.lambda.platform`, with a report's metrics also in
 * `aws.lambda.metrics` and its duration in `event.duration` (nanoseconds).
 *
 * @example
 * toEcsDocument(event, { dataStream: { type: 'logs', dataset: 'aws.lambda', namespace: 'default' } });
 */
export function toEcsDocument(
  event: LogEvent,
  opts: { readonly dataStream?: DataStreamName | undefined } = {}
): EcsDocument {
  const { context } = event;
  const record = event.record;
  const isObject =
    typeof record === 'object' && record !== null && !Array.isArray(record);
  const platform = event.stream === 'platform';
  const traceId = findTraceId(record);
  const lambda: Record<string, unknown> = {
    type: event.type,
    stream: event.stream,
    memory_size_mb: context.memorySizeMb,
    extension: context.extensionName,
  };
  if (isObject && platform) lambda.platform = record;
  else if (isObject) lambda.log = record;
  const metrics = platform ? reportMetrics(record) : undefined;
  if (metrics !== undefined) lambda.metrics = metrics;
  const eventFields: Record<string, unknown> = {
    dataset: 'aws.lambda',
    kind: metrics === undefined ? 'event' : 'metric',
  };
  if (typeof record === 'string') eventFields.original = record;
  if (typeof metrics?.durationMs === 'number') {
    eventFields.duration = Math.round(metrics.durationMs * 1_000_000);
  }
  const outcome = platform ? outcomeOf(record) : undefined;
  if (outcome !== undefined) eventFields.outcome = outcome;
  const faas: Record<string, unknown> = {
    name: context.functionName,
    version: context.functionVersion,
    instance: context.instanceId,
    coldstart: event.coldStart,
  };
  if (context.accountId !== undefined) {
    faas.id = `arn:aws:lambda:${context.region}:${context.accountId}:function:${context.functionName}`;
  }
  if (event.requestId !== undefined) faas.execution = event.requestId;
  const cloud: Record<string, unknown> = {
    provider: 'aws',
    region: context.region,
    service: { name: 'lambda' },
  };
  if (context.accountId !== undefined)
    cloud.account = { id: context.accountId };
  const document: EcsDocument = {
    '@timestamp': timestampOf(event),
    message: event.message,
    ecs: { version: ECS_VERSION },
    event: eventFields,
    cloud,
    faas,
    host: { architecture: context.architecture },
    aws: { lambda },
  };
  if (event.level !== undefined) document.log = { level: event.level };
  if (traceId !== undefined) document.trace = { id: traceId };
  if (opts.dataStream !== undefined) document.data_stream = opts.dataStream;
  return document;
}

/** The three parts of a data stream name (`logs-aws.lambda-default`). */
export interface DataStreamName {
  readonly type: string;
  readonly dataset: string;
  readonly namespace: string;
}

/**
 * Splits a `<type>-<dataset>-<namespace>` name; undefined for other names
 * (then documents carry no `data_stream.*` fields, which Elasticsearch's
 * built-in `logs-*-*` template would require to match the name).
 *
 * @example
 * parseDataStreamName('logs-aws.lambda-default'); // → { type: 'logs', dataset: 'aws.lambda', namespace: 'default' }
 */
export function parseDataStreamName(name: string): DataStreamName | undefined {
  const match = /^(logs|metrics|traces)-([^-]+)-([^-]+)$/.exec(name);
  if (!match) return undefined;
  return {
    type: match[1] ?? '',
    dataset: match[2] ?? '',
    namespace: match[3] ?? '',
  };
}

function timestampOf(event: LogEvent): string {
  // Lambda's own ISO text keeps sub-millisecond digits when it has them.
  return Number.isFinite(Date.parse(event.time))
    ? event.time
    : new Date(event.timeMs).toISOString();
}

function reportMetrics(record: unknown): Record<string, number> | undefined {
  const metrics = (record as { metrics?: unknown } | null)?.metrics;
  if (typeof metrics !== 'object' || metrics === null) return undefined;
  const picked: Record<string, number> = {};
  for (const name of REPORT_METRICS) {
    const value = (metrics as Record<string, unknown>)[name];
    if (typeof value === 'number' && Number.isFinite(value)) {
      picked[name] = value;
    }
  }
  return Object.keys(picked).length > 0 ? picked : undefined;
}

function outcomeOf(record: unknown): string | undefined {
  const status = (record as { status?: unknown } | null)?.status;
  if (typeof status !== 'string') return undefined;
  return status === 'success' ? 'success' : 'failure';
}

/** The X-Ray root of a platform event's `tracing`, or a JSON log's trace key. */
function findTraceId(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const fields = record as Record<string, unknown>;
  const tracing = fields.tracing as { value?: unknown } | undefined;
  if (typeof tracing?.value === 'string') {
    const root = /(?:^|;)\s*Root=([^;]+)/.exec(tracing.value);
    if (root?.[1]) return root[1];
  }
  for (const key of ['traceId', 'trace_id', 'xray_trace_id', 'xrayTraceId']) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
