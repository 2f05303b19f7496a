import { gunzipSync } from 'node:zlib';

/** A request body made readable: decompressed and parsed. */
export interface DecodedBody {
  /** The body after content-encoding was undone. */
  readonly body: Buffer;
  /** Parsed records (a JSON array's items, one JSON value, or NDJSON lines). */
  readonly records: readonly unknown[] | undefined;
  /** Why decoding failed, when it did. */
  readonly error?: string;
}

/**
 * Undoes `content-encoding: gzip` and parses the body as a JSON array, a
 * single JSON value or NDJSON (one JSON value per non-empty line).
 *
 * @example
 * const { records } = decodeBody({ raw, contentEncoding: 'gzip' });
 */
export function decodeBody(opts: {
  raw: Buffer;
  contentEncoding?: string;
}): DecodedBody {
  let body: Buffer;
  try {
    body =
      opts.contentEncoding?.toLowerCase() === 'gzip'
        ? gunzipSync(opts.raw)
        : opts.raw;
  } catch (error) {
    return { body: opts.raw, records: undefined, error: `gunzip: ${error}` };
  }
  const text = body.toString('utf8');
  if (text.trim() === '') {
    return { body, records: [] };
  }
  try {
    const value: unknown = JSON.parse(text);
    return { body, records: Array.isArray(value) ? value : [value] };
  } catch {
    // Not one JSON document: try NDJSON below.
  }
  try {
    const records = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
    return { body, records };
  } catch (error) {
    return { body, records: undefined, error: `parse: ${error}` };
  }
}
