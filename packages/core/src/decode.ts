import type { FunctionContext, LogEvent, LogStream } from './log-event.js';
import { type LogLineFields, readLogRecord } from './log-line.js';
import { summarizePlatformEvent } from './platform-summary.js';

/**
 * Options of {@link createDecoder}.
 *
 * @example
 * const opts: DecoderOptions = { context, nowMs: () => Date.now() };
 */
export interface DecoderOptions {
  readonly context: FunctionContext;
  /** Receipt time, used when an event has no valid `time`; `Date.now`. */
  readonly nowMs?: () => number;
}

/**
 * Turns one Telemetry API or Logs API event (`{ time, type, record }`) into
 * a {@link LogEvent}. Stateful: it remembers the first request id to mark
 * cold-start events.
 *
 * @example
 * const decoder = createDecoder({ context });
 * const event = decoder.decode({ time, type: 'function', record: 'hello\n' });
 */
export interface Decoder {
  /** Undefined when `raw` is not an object with a string `type`. */
  decode(raw: unknown): LogEvent | undefined;
}

// Events of the Init (or SnapStart restore) phase: always a cold start.
const INIT_PHASE_TYPES: ReadonlySet<string> = new Set([
  'platform.initStart',
  'platform.initRuntimeDone',
  'platform.initReport',
  'platform.restoreStart',
  'platform.restoreRuntimeDone',
  'platform.restoreReport',
  'platform.extension',
  'platform.telemetrySubscription',
  'platform.logsSubscription',
]);

/**
 * Makes a {@link Decoder} for every event type of spec 4.5 and 5.2.
 * `function`/`extension` records keep their record untouched and get the
 * message, level and request id found in them; platform events get a
 * CloudWatch-style summary as message; unknown types pass through (stream
 * `platform` when the type starts with `platform.`, else `function`).
 * `coldStart` is true for init-phase events and for everything belonging to
 * the first request id seen (records without a request id count as cold
 * until a second request id appears).
 *
 * @example
 * const decoder = createDecoder({ context });
 * decoder.decode({
 *   time: '2026-01-20T09:14:02.650Z',
 *   type: 'platform.start',
 *   record: { requestId: '8f507cfc-2f8b-4c1e-a6a2-1f3c9b0d7e41' },
 * })?.message; // 'START RequestId: 8f507cfc-2f8b-4c1e-a6a2-1f3c9b0d7e41'
 */
export function createDecoder(opts: DecoderOptions): Decoder {
  const { context } = opts;
  const nowMs = opts.nowMs ?? Date.now;
  // One scratch object reused for every record: no allocation per record
  // besides the LogEvent and the substrings it holds.
  const fields: LogLineFields = {
    message: '',
    level: undefined,
    requestId: undefined,
  };
  let firstRequestId: string | undefined;
  let sawLaterRequest = false;
  // Lines logged in the same millisecond carry the same time: parse once.
  let lastTime = '';
  let lastRequestId: string | undefined;
  let lastTimeMs = Number.NaN;

  function isColdStart(
    stream: LogStream,
    type: string,
    requestId: string | undefined
  ): boolean {
    if (stream === 'platform' && INIT_PHASE_TYPES.has(type)) return true;
    if (requestId === undefined) return !sawLaterRequest;
    if (firstRequestId === undefined) firstRequestId = requestId;
    if (requestId === firstRequestId) return true;
    sawLaterRequest = true;
    return false;
  }

  return {
    decode(raw) {
      if (typeof raw !== 'object' || raw === null) return undefined;
      const envelope = raw as {
        time?: unknown;
        type?: unknown;
        record?: unknown;
      };
      const type = envelope.type;
      if (typeof type !== 'string') return undefined;
      const record = envelope.record;

      let stream: LogStream;
      if (type === 'function' || type === 'extension') {
        stream = type;
        readLogRecord(record, fields);
      } else if (type.startsWith('platform.')) {
        stream = 'platform';
        summarizePlatformEvent(type, record, fields);
      } else {
        stream = 'function';
        fields.level = undefined;
        fields.requestId = undefined;
        fields.message = typeof record === 'string' ? record : type;
      }

      let time = envelope.time;
      let timeMs = Number.NaN;
      if (typeof time === 'string') {
        if (time !== lastTime) {
          lastTime = time;
          lastTimeMs = Date.parse(time);
        }
        // The same string object for all of them: one less for each queued
        // event to keep and for the garbage collector to trace.
        time = lastTime;
        timeMs = lastTimeMs;
      }
      if (Number.isNaN(timeMs)) {
        timeMs = nowMs();
        if (typeof time !== 'string') time = new Date(timeMs).toISOString();
      }

      // Shared like the time: consecutive lines carry the same request id.
      let requestId = fields.requestId;
      if (requestId === lastRequestId) requestId = lastRequestId;
      else lastRequestId = requestId;
      return {
        time: time as string,
        timeMs,
        type,
        stream,
        record,
        message: fields.message,
        level: fields.level,
        requestId,
        coldStart: isColdStart(stream, type, requestId),
        context,
      };
    },
  };
}
