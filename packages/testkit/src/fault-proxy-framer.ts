const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

/**
 * Cuts a plain HTTP/1.1 client stream into whole requests (head and body,
 * by content-length or chunked transfer-encoding), so that the fault proxy
 * can count requests and answer some in the server's place.
 *
 * @example
 * const framer = new RequestFramer();
 * for (const request of framer.push(chunk)) forward(request);
 */
export class RequestFramer {
  #buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes from the client; returns every request now complete. */
  push(chunk: Buffer): Buffer[] {
    this.#buffer =
      this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const requests: Buffer[] = [];
    for (;;) {
      const length = requestLength(this.#buffer);
      if (length === undefined) return requests;
      requests.push(this.#buffer.subarray(0, length));
      this.#buffer = this.#buffer.subarray(length);
    }
  }

  /** Bytes of a request not yet complete. */
  get pendingBytes(): number {
    return this.#buffer.length;
  }
}

/** The length of the first whole request in `buffer`, if it holds one. */
function requestLength(buffer: Buffer): number | undefined {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const bodyStart = headEnd + HEAD_END.length;
  const head = buffer.subarray(0, headEnd).toString('latin1');
  const lines = head.split('\r\n').slice(1);
  const header = (name: string) =>
    lines
      .filter((line) => line.toLowerCase().startsWith(`${name}:`))
      .map((line) =>
        line
          .slice(name.length + 1)
          .trim()
          .toLowerCase()
      );
  if (header('transfer-encoding').some((value) => value.includes('chunked'))) {
    return chunkedEnd(buffer, bodyStart);
  }
  const contentLength = Number(header('content-length')[0] ?? '0');
  const end = bodyStart + (Number.isFinite(contentLength) ? contentLength : 0);
  return buffer.length >= end ? end : undefined;
}

/** Where a chunked body (with its trailers) ends, if it is complete. */
function chunkedEnd(buffer: Buffer, start: number): number | undefined {
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf(LINE_END, at);
    if (lineEnd < 0) return undefined;
    const sizeText = buffer.subarray(at, lineEnd).toString('latin1');
    const size = Number.parseInt(sizeText.split(';')[0] ?? '', 16);
    if (Number.isNaN(size)) return buffer.length;
    at = lineEnd + LINE_END.length;
    if (size === 0) break;
    at += size + LINE_END.length;
    if (buffer.length < at) return undefined;
  }
  // Trailers: header lines up to an empty line.
  for (;;) {
    const lineEnd = buffer.indexOf(LINE_END, at);
    if (lineEnd < 0) return undefined;
    const empty = lineEnd === at;
    at = lineEnd + LINE_END.length;
    if (empty) return at;
  }
}
