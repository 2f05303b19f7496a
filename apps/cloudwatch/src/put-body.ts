/**
 * One event of a PutLogEvents request as JSON, to go into
 * {@link putLogEventsBody}.
 *
 * @example
 * eventJson(1, 'hi'); // → '{"timestamp":1,"message":"hi"}'
 */
export function eventJson(timestamp: number, message: string): string {
  return `{"timestamp":${timestamp},"message":${JSON.stringify(message)}}`;
}

/**
 * The PutLogEvents request body as one Buffer of the exact size, the
 * events' JSON written straight into it: no string of the whole (up to
 * 1 MiB) body is ever made.
 *
 * @example
 * putLogEventsBody({ logGroupName: '/app', logStreamName: 's', events: [eventJson(1, 'hi')] }).toString();
 * // → '{"logGroupName":"/app","logStreamName":"s","logEvents":[{"timestamp":1,"message":"hi"}]}'
 */
export function putLogEventsBody(opts: {
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly events: readonly string[];
}): Buffer {
  const head = `{"logGroupName":${JSON.stringify(opts.logGroupName)},"logStreamName":${JSON.stringify(opts.logStreamName)},"logEvents":[`;
  const { events } = opts;
  // Commas between the events and the closing `]}`.
  let size = Buffer.byteLength(head) + Math.max(0, events.length - 1) + 2;
  for (const event of events) size += Buffer.byteLength(event);
  const body = Buffer.allocUnsafe(size);
  let at = body.write(head);
  for (const [i, event] of events.entries()) {
    if (i > 0) at += body.write(',', at);
    at += body.write(event, at);
  }
  body.write(']}', at);
  return body;
}
