/**
 * The body's initial room: PutLogEvents takes 1 MiB of messages, which
 * JSON escaping (of JSON messages above all) lengthens, and untouched
 * pages of a large Buffer are never resident.
 */
const INITIAL_BYTES = 2 * 1_048_576;

/** Builds one PutLogEvents request body. */
export interface PutBodyWriter {
  add(timestamp: number, message: string): void;
  /** The body; the writer is not used after. */
  finish(): Buffer;
}

/**
 * Writes a PutLogEvents request body event by event straight into one
 * Buffer: an event's JSON is garbage as soon as it is written, so neither
 * the events' strings nor a string of the whole body outlive a call's
 * planning. The Buffer grows (one copy) only for bodies escaping beyond
 * 2 MiB.
 *
 * @example
 * const writer = createPutBodyWriter({ logGroupName: '/app', logStreamName: 's' });
 * writer.add(1, 'hi');
 * writer.finish().toString(); // → '{"logGroupName":"/app","logStreamName":"s","logEvents":[{"timestamp":1,"message":"hi"}]}'
 */
export function createPutBodyWriter(names: {
  readonly logGroupName: string;
  readonly logStreamName: string;
}): PutBodyWriter {
  let body = Buffer.allocUnsafe(INITIAL_BYTES);
  let at = 0;
  let events = 0;
  const append = (text: string) => {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const need = at + text.length * 3;
    if (need > body.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, body.length * 2));
      body.copy(bigger, 0, 0, at);
      body = bigger;
    }
    at += body.write(text, at);
  };
  append(
    `{"logGroupName":${JSON.stringify(names.logGroupName)},"logStreamName":${JSON.stringify(names.logStreamName)},"logEvents":[`
  );
  return {
    add(timestamp, message) {
      if (events > 0) append(',');
      events += 1;
      append(`{"timestamp":${timestamp},"message":`);
      append(JSON.stringify(message));
      append('}');
    },
    finish() {
      append(']}');
      return body.subarray(0, at);
    },
  };
}
