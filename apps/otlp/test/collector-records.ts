import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { OtlpJsonLogsRequest } from '@logdrain/testkit';

/**
 * The Collector's file output, complete lines only. The file exporter
 * flushes every 100 ms and may be caught mid-line; testkit's readLogs()
 * parses that partial last line and throws, so the tests read the file
 * themselves.
 */
export async function readCompleteLogs(
  logsFile: string
): Promise<OtlpJsonLogsRequest[]> {
  const text = await readFile(logsFile, 'utf8').catch(() => '');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OtlpJsonLogsRequest);
}

/** One log record from the Collector's file output, values decoded. */
export interface StoredLog {
  readonly resource: Record<string, unknown>;
  readonly scope: Record<string, unknown>;
  readonly body: unknown;
  readonly attributes: Record<string, unknown>;
  readonly severityNumber: number | undefined;
  readonly severityText: string | undefined;
  readonly timeUnixNano: string | undefined;
  readonly observedTimeUnixNano: string | undefined;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly eventName: string | undefined;
}

type JsonAnyValue = Record<string, unknown>;
type JsonKeyValue = { key: string; value?: JsonAnyValue };

/** An OTLP/JSON AnyValue (as the Collector writes it) as a plain value. */
export function decodeAnyValue(value: JsonAnyValue | undefined): unknown {
  if (value === undefined) return null;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('bytesValue' in value) return value.bytesValue;
  if ('arrayValue' in value) {
    const values = (value.arrayValue as { values?: JsonAnyValue[] }).values;
    return (values ?? []).map(decodeAnyValue);
  }
  if ('kvlistValue' in value) {
    const values = (value.kvlistValue as { values?: JsonKeyValue[] }).values;
    return decodeAttributes(values);
  }
  return null;
}

export function decodeAttributes(
  list: readonly JsonKeyValue[] | undefined
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = decodeAnyValue(value);
  return out;
}

/** Every log record of every request, in the order the Collector wrote them. */
export function flattenLogs(
  requests: readonly OtlpJsonLogsRequest[]
): StoredLog[] {
  const out: StoredLog[] = [];
  for (const request of requests) {
    for (const resourceLogs of request.resourceLogs ?? []) {
      const resource = decodeAttributes(
        resourceLogs.resource?.attributes as JsonKeyValue[] | undefined
      );
      for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
        const scope = { ...(scopeLogs.scope ?? {}) };
        for (const record of scopeLogs.logRecords ?? []) {
          const r = record as Record<string, unknown>;
          const text = (key: string) =>
            typeof r[key] === 'string' && r[key] !== ''
              ? (r[key] as string)
              : undefined;
          out.push({
            resource,
            scope,
            body: decodeAnyValue(r.body as JsonAnyValue | undefined),
            attributes: decodeAttributes(r.attributes as JsonKeyValue[]),
            severityNumber: severityOf(r.severityNumber),
            severityText: text('severityText'),
            timeUnixNano: text('timeUnixNano'),
            observedTimeUnixNano: text('observedTimeUnixNano'),
            traceId: text('traceId'),
            spanId: text('spanId'),
            eventName: text('eventName'),
          });
        }
      }
    }
  }
  return out;
}

const SEVERITY_NAMES: Record<string, number> = {
  SEVERITY_NUMBER_TRACE: 1,
  SEVERITY_NUMBER_DEBUG: 5,
  SEVERITY_NUMBER_INFO: 9,
  SEVERITY_NUMBER_WARN: 13,
  SEVERITY_NUMBER_ERROR: 17,
  SEVERITY_NUMBER_FATAL: 21,
};

/** The Collector may write the enum as a number or as its name. */
function severityOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return SEVERITY_NAMES[value];
  return undefined;
}

/** Every log record the Collector wrote to its file. */
export async function storedLogs(logsFile: string): Promise<StoredLog[]> {
  return flattenLogs(await readCompleteLogs(logsFile));
}

/** The function's own lines (no platform events). */
export function functionLogs(logs: readonly StoredLog[]): StoredLog[] {
  return logs.filter((log) => log.eventName === undefined);
}

/** Polls the Collector's output until `done` holds or 10 s passed. */
export async function waitForStored(
  logsFile: string,
  done: (logs: readonly StoredLog[]) => boolean
): Promise<StoredLog[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    const logs = await storedLogs(logsFile);
    if (done(logs) || Date.now() > until) return logs;
    await delay(100);
  }
}
