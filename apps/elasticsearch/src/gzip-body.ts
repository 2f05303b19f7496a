import type { Gzip } from 'node:zlib';

/** A body compressed part by part as it is written. */
export interface GzipBody {
  /** Queues `text` for compression (zlib works on node's thread pool). */
  write(text: string): void;
  /** Ends the body: the whole gzip stream, once zlib caught up. */
  end(): Promise<Buffer>;
  /** Abandons the body (an encode that was aborted). */
  destroy(): void;
}

/**
 * Collects what `stream` compresses, so only compressed bytes pile up while
 * a bulk body is built: a 2,000-document body (over 1 MB of NDJSON for
 * 100-byte lines) never exists as one string and one Buffer, only a slice
 * at a time.
 *
 * @example
 * const body = gzipBody(zlib.createGzip({ level: zlib.constants.Z_BEST_SPEED }));
 * body.write('{"create":{}}\n{"message":"hi"}\n');
 * await body.end(); // → the gzip bytes
 */
export function gzipBody(stream: Gzip): GzipBody {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A failure before end() is read from stream.errored there.
  stream.on('error', () => undefined);
  return {
    write: (text) => {
      stream.write(text);
    },
    end: () =>
      new Promise<Buffer>((resolve, reject) => {
        if (stream.errored) {
          reject(stream.errored);
          return;
        }
        stream.once('error', reject);
        stream.once('end', () => resolve(Buffer.concat(chunks)));
        stream.end();
      }),
    destroy: () => {
      stream.destroy();
    },
  };
}
