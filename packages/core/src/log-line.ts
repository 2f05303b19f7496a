import { parseLevel } from './level.js';
import { LOG_LEVELS, type LogLevel } from './log-event.js';

/**
 * What {@link readLogRecord} finds in a `function` or `extension` record.
 * The decoder owns one and reuses it for every record, so reading a record
 * allocates nothing but the substrings it returns.
 *
 * @example
 * const fields: LogLineFields = { message: '', level: undefined, requestId: undefined };
 */
export interface LogLineFields {
  message: string;
  level: LogLevel | undefined;
  requestId: string | undefined;
}

// pino's numeric levels.
const NUMERIC_LEVELS: ReadonlyMap<number, LogLevel> = new Map<number, LogLevel>(
  [
    [10, 'TRACE'],
    [20, 'DEBUG'],
    [30, 'INFO'],
    [40, 'WARN'],
    [50, 'ERROR'],
    [60, 'FATAL'],
  ]
);

/**
 * Reads message, level and request id from a `function`/`extension` record
 * (spec 4.7): a JSON-format object (`timestamp`, `level`, `requestId`,
 * `message`), or a text line with the Node.js prefix
 * `<ISO>\t<requestId>\t<LEVEL>\t<msg>`, the Python prefix
 * `[LEVEL]\t<ISO>\t<requestId>\t<msg>`, a line that is itself a JSON object,
 * or plain text. One trailing newline is stripped from the message.
 *
 * @example
 * const out: LogLineFields = { message: '', level: undefined, requestId: undefined };
 * readLogRecord('2026-01-20T09:14:02.700Z\tabc\tINFO\tloaded 3 orders\n', out);
 * // out: { message: 'loaded 3 orders', level: 'INFO', requestId: 'abc' }
 */
export function readLogRecord(record: unknown, out: LogLineFields): void {
  out.level = undefined;
  out.requestId = undefined;
  if (typeof record === 'string') {
    readTextLine(stripNewline(record), out);
  } else if (typeof record === 'object' && record !== null) {
    readObject(record as Record<string, unknown>, out, undefined);
  } else {
    out.message = record === undefined ? '' : String(record);
  }
}

function stripNewline(text: string): string {
  if (!text.endsWith('\n')) return text;
  return text.endsWith('\r\n') ? text.slice(0, -2) : text.slice(0, -1);
}

function readTextLine(line: string, out: LogLineFields): void {
  const first = line.charCodeAt(0);
  // Plain indexOf scanning instead of regular expressions: this runs for
  // every log line and should not build match arrays.
  if (first >= 48 && first <= 57 && readNodePrefix(line, out)) return;
  if (first === 91 && readPythonPrefix(line, out)) return;
  if (first === 123 && line.endsWith('}') && readJsonLine(line, out)) return;
  out.message = line;
}

function readNodePrefix(line: string, out: LogLineFields): boolean {
  const tab1 = line.indexOf('\t');
  if (tab1 < 19 || line[4] !== '-' || line[10] !== 'T') return false;
  const tab2 = line.indexOf('\t', tab1 + 1);
  if (tab2 < 0) return false;
  const tab3 = line.indexOf('\t', tab2 + 1);
  if (tab3 < 0) return false;
  const level = levelBetween(line, tab2 + 1, tab3);
  if (level === undefined) return false;
  out.level = level;
  out.requestId = requestIdOrUndefined(line.slice(tab1 + 1, tab2));
  out.message = line.slice(tab3 + 1);
  return true;
}

// The runtimes write these exact names: they need no substring.
function levelBetween(
  line: string,
  start: number,
  end: number
): LogLevel | undefined {
  const length = end - start;
  for (const level of LOG_LEVELS) {
    if (level.length === length && line.startsWith(level, start)) return level;
  }
  return parseLevel(line.slice(start, end));
}

function readPythonPrefix(line: string, out: LogLineFields): boolean {
  const close = line.indexOf(']');
  if (close < 2 || close > 10 || line[close + 1] !== '\t') return false;
  const level = parseLevel(line.slice(1, close));
  if (level === undefined) return false;
  const timeEnd = line.indexOf('\t', close + 2);
  if (timeEnd < 0) return false;
  out.level = level;
  const idEnd = line.indexOf('\t', timeEnd + 1);
  if (idEnd < 0) {
    out.message = line.slice(timeEnd + 1);
    return true;
  }
  out.requestId = requestIdOrUndefined(line.slice(timeEnd + 1, idEnd));
  out.message = line.slice(idEnd + 1);
  return true;
}

function readJsonLine(line: string, out: LogLineFields): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return false;
  }
  readObject(parsed as Record<string, unknown>, out, line);
  return true;
}

function readObject(
  object: Record<string, unknown>,
  out: LogLineFields,
  line: string | undefined
): void {
  const level = object.level;
  out.level =
    typeof level === 'string'
      ? parseLevel(level)
      : typeof level === 'number'
        ? NUMERIC_LEVELS.get(level)
        : undefined;
  out.requestId =
    stringOrUndefined(object.requestId) ??
    stringOrUndefined(object.AWSRequestId) ??
    stringOrUndefined(object.awsRequestId) ??
    stringOrUndefined(object.function_request_id);
  const message =
    stringOrUndefined(object.message) ??
    stringOrUndefined(object.msg) ??
    stringOrUndefined(object.errorMessage);
  if (message !== undefined) {
    out.message = message;
  } else if (object.message !== undefined) {
    out.message = JSON.stringify(object.message) ?? '';
  } else {
    // No message field: the whole line (or object) is the message, so
    // include/exclude patterns still see the content.
    out.message = line ?? JSON.stringify(object);
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function requestIdOrUndefined(text: string): string | undefined {
  // Node writes "undefined" in the request id column during init.
  return text === '' || text === 'undefined' ? undefined : text;
}
