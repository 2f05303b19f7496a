import type { LogEvent } from '@logdrain/core';

/**
 * CloudWatch Logs counts each event as its message's UTF-8 bytes plus 26,
 * and takes at most 256 KiB per event, overhead included.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */
export const EVENT_OVERHEAD_BYTES = 26;
export const MAX_EVENT_BYTES = 262_144;
export const MAX_MESSAGE_BYTES = MAX_EVENT_BYTES - EVENT_OVERHEAD_BYTES;

/** What one CloudWatch Logs event's message holds. */
export type EventFormat = 'json' | 'text';

/**
 * The CloudWatch message for one LogEvent, at most MAX_MESSAGE_BYTES.
 * `json`: the LogEvent as JSON without its `context` (the stream name
 * carries the environment) and `timeMs` (the event's timestamp is it).
 * `text`: the readable message alone.
 *
 * An event over the limit is truncated, never split, so that one record
 * stays one event (counted once, still valid JSON). In `json` the `record`
 * is left out first (for text lines it repeats the message) and
 * `"truncated": true` added; if that is still too large, the message is
 * cut at a character boundary and ends with a marker naming its size.
 *
 * @example
 * encodeEvent(event, 'text'); // → 'hello'
 */
export function encodeEvent(event: LogEvent, format: EventFormat): string {
  if (format === 'text') {
    // CloudWatch refuses an empty message.
    const text = event.message === '' ? ' ' : event.message;
    return fitsEvent(text) ? text : cutWithMarker(text, MAX_MESSAGE_BYTES);
  }
  const full = JSON.stringify(jsonShape(event, event.message, true));
  if (fitsEvent(full)) return full;
  const withoutRecord = JSON.stringify(jsonShape(event, event.message, false));
  if (fitsEvent(withoutRecord)) return withoutRecord;
  // Escaping makes JSON longer than its text: shrink until it fits.
  let room =
    MAX_MESSAGE_BYTES - (byteLength(withoutRecord) - byteLength(event.message));
  for (;;) {
    const message = cutWithMarker(event.message, room);
    const encoded = JSON.stringify(jsonShape(event, message, false));
    const excess = byteLength(encoded) - MAX_MESSAGE_BYTES;
    if (excess <= 0) return encoded;
    room -= excess;
  }
}

/** Bytes a CloudWatch event with this message counts for. */
export function eventBytes(message: string): number {
  return byteLength(message) + EVENT_OVERHEAD_BYTES;
}

function fitsEvent(message: string): boolean {
  // Quick bound first: UTF-8 takes at most 3 bytes per UTF-16 unit.
  return (
    message.length * 3 <= MAX_MESSAGE_BYTES ||
    byteLength(message) <= MAX_MESSAGE_BYTES
  );
}

function jsonShape(event: LogEvent, message: string, withRecord: boolean) {
  return {
    time: event.time,
    type: event.type,
    stream: event.stream,
    ...(event.level === undefined ? {} : { level: event.level }),
    ...(event.requestId === undefined ? {} : { requestId: event.requestId }),
    coldStart: event.coldStart,
    message,
    ...(withRecord ? { record: event.record } : { truncated: true }),
  };
}

/** The start of `text` within `maxBytes` UTF-8 bytes, marker included. */
function cutWithMarker(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  const marker = ` …[truncated by logdrain: ${bytes.length} bytes]`;
  let end = Math.max(0, maxBytes - byteLength(marker));
  // Back up to the first byte of a character (continuations are 10xxxxxx).
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return `${bytes.subarray(0, end).toString('utf8')}${marker}`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
