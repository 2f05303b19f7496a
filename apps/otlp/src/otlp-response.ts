/** What an OTLP success answer says about records the receiver refused. */
export interface PartialSuccess {
  readonly rejectedLogRecords: number;
  readonly errorMessage: string;
}

type Partial = { rejectedLogRecords?: unknown; errorMessage?: unknown };
type DeserializeResponse = (data: Uint8Array) => { partialSuccess?: Partial };

/**
 * Reads `partial_success` from a 2xx ExportLogsServiceResponse (protobuf or
 * JSON, by the answer's content type). An empty or unreadable body means
 * full success (OTLP/HTTP spec: "the server MUST respond with success"
 * and may leave partial_success unset).
 *
 * @example
 * readPartialSuccess({ body, contentType: 'application/json', decodeProtobuf });
 * // → { rejectedLogRecords: 2, errorMessage: 'bad timestamp' }
 */
export function readPartialSuccess(opts: {
  body: Buffer;
  contentType: string | undefined;
  decodeProtobuf: DeserializeResponse;
}): PartialSuccess {
  const none = { rejectedLogRecords: 0, errorMessage: '' };
  if (opts.body.length === 0) return none;
  let partial: Partial = {};
  try {
    partial = isJson(opts.contentType)
      ? ((
          JSON.parse(opts.body.toString('utf8')) as { partialSuccess?: Partial }
        ).partialSuccess ?? {})
      : (opts.decodeProtobuf(opts.body).partialSuccess ?? {});
  } catch {
    return none;
  }
  // int64 fields arrive as strings in OTLP/JSON.
  const rejected = Number(partial.rejectedLogRecords ?? 0);
  return {
    rejectedLogRecords:
      Number.isSafeInteger(rejected) && rejected > 0 ? rejected : 0,
    errorMessage:
      typeof partial.errorMessage === 'string' ? partial.errorMessage : '',
  };
}

/**
 * The message of an OTLP error answer: its body is a google.rpc.Status
 * (`message` is field 2), in protobuf or JSON like the request; any other
 * body (a proxy's HTML or text) is passed through for the reason line.
 *
 * @example
 * describeErrorBody({ body, contentType: 'application/x-protobuf' }); // → 'invalid log record'
 */
export function describeErrorBody(opts: {
  body: Buffer;
  contentType: string | undefined;
}): string {
  const type = opts.contentType ?? '';
  try {
    if (isJson(type)) {
      const status = JSON.parse(opts.body.toString('utf8')) as {
        message?: unknown;
      };
      if (typeof status.message === 'string') return status.message;
    } else if (type.includes('protobuf')) {
      return statusMessage(opts.body) ?? '';
    }
  } catch {
    // Not what the spec promised: show the body as text.
  }
  return opts.body.toString('utf8');
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').includes('json');
}

/** Field 2 (string) of a protobuf google.rpc.Status. */
function statusMessage(bytes: Buffer): string | undefined {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error('truncated');
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const length = varint();
      if (key >>> 3 === 2) {
        return bytes.subarray(at, at + length).toString('utf8');
      }
      at += length;
    } else return undefined;
  }
  return undefined;
}
