import type { LogEvent } from '@logdrain/core';
import { type EventFormat, encodeEvent, eventBytes } from './encode-event.js';
import { createPutBodyWriter, type PutBodyWriter } from './put-body.js';

/**
 * PutLogEvents limits per call: 1,048,576 bytes (messages plus 26 bytes
 * per event), 10,000 events, a span under 24 hours, chronological order.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */
export const MAX_CALL_BYTES = 1_048_576;
export const MAX_CALL_EVENTS = 10_000;
export const MAX_CALL_SPAN_MS = 24 * 60 * 60 * 1_000;

/** One PutLogEvents call: the LogEvents it carries and its request body. */
export interface PutChunk {
  /** In the order of the body's logEvents: index i of the call is events[i]. */
  readonly events: readonly LogEvent[];
  readonly timestamps: readonly number[];
  /** What CloudWatch counts against MAX_CALL_BYTES. */
  readonly bytes: number;
  readonly body: Buffer;
}

/**
 * Sorts a batch by time (stable: lines with the same millisecond keep
 * their order), cuts it into as few calls as the limits allow and writes
 * each call's body as its events are encoded. The batch itself is not
 * changed.
 *
 * @example
 * planPutCalls({ batch, format: 'json', logGroupName: '/app', logStreamName: 's' }).length; // 1 for a batch within the limits
 */
export function planPutCalls(opts: {
  readonly batch: readonly LogEvent[];
  readonly format: EventFormat;
  readonly logGroupName: string;
  readonly logStreamName: string;
}): PutChunk[] {
  const sorted = [...opts.batch].sort(
    (a, b) => timestampOf(a) - timestampOf(b)
  );
  const chunks: PutChunk[] = [];
  let events: LogEvent[] = [];
  let timestamps: number[] = [];
  let writer: PutBodyWriter | undefined;
  let bytes = 0;
  const close = () => {
    if (writer !== undefined) {
      chunks.push({ events, timestamps, bytes, body: writer.finish() });
    }
    events = [];
    timestamps = [];
    writer = undefined;
    bytes = 0;
  };
  for (const event of sorted) {
    const message = encodeEvent(event, opts.format);
    const size = eventBytes(message);
    const timestamp = timestampOf(event);
    const first = timestamps[0];
    if (
      events.length === MAX_CALL_EVENTS ||
      bytes + size > MAX_CALL_BYTES ||
      (first !== undefined && timestamp - first >= MAX_CALL_SPAN_MS)
    ) {
      close();
    }
    writer ??= createPutBodyWriter(opts);
    writer.add(timestamp, message);
    events.push(event);
    timestamps.push(timestamp);
    bytes += size;
  }
  close();
  return chunks;
}

function timestampOf(event: LogEvent): number {
  return Number.isFinite(event.timeMs) ? Math.floor(event.timeMs) : 0;
}
