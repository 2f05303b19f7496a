import type { Gzip } from 'node:zlib';
import type { LogEvent } from '@logdrain/core';

export type S3Format = 'ndjson' | 'json';
export type S3Compression = 'gzip' | 'none';

/** The body of one object, ready to PUT. */
export interface EncodedBatch {
  readonly body: Buffer;
  /** 32 hex characters of SHA-256 over the uncompressed body. */
  readonly hash: string;
  /** SHA-256 of `body` as sent (compressed or not), 64 hex characters. */
  readonly bodySha256: string;
  readonly contentType: string;
  readonly contentEncoding: 'gzip' | undefined;
  readonly ext: string;
}

/** node:crypto and node:zlib, loaded by the factory after registration. */
export interface EncodeModules {
  readonly createHash: typeof import('node:crypto').createHash;
  readonly createGzip: () => Gzip;
}

/**
 * Text is handed to the hash and to gzip in pieces of about this many
 * characters: a 5 MiB batch never exists as one string or one buffer
 * (at 10,000 lines per invoke that copy, its UTF-8 buffer and the line
 * array were most of the layer's peak RSS).
 */
export const PIECE_CHARS = 64 * 1024;

/**
 * Encodes a batch as NDJSON (one LogEvent per line) or one JSON array,
 * gzip-compressed unless told otherwise. The hash covers the content, not
 * the time of sending: a retried batch gets the same key and overwrites the
 * object it may already have written.
 *
 * @example
 * const encoded = await encodeBatch({ batch, format: 'ndjson', compression: 'gzip', modules });
 */
export async function encodeBatch(opts: {
  readonly batch: readonly LogEvent[];
  readonly format: S3Format;
  readonly compression: S3Compression;
  readonly modules: EncodeModules;
}): Promise<EncodedBatch> {
  const { batch, format, modules } = opts;
  const hash = modules.createHash('sha256');
  const sink = opts.compression === 'gzip' ? gzipSink(modules) : rawSink();
  const ndjson = format === 'ndjson';
  let piece = ndjson ? '' : '[';
  for (let i = 0; i < batch.length; i++) {
    const line = JSON.stringify(batch[i]);
    piece += ndjson ? `${line}\n` : i > 0 ? `,${line}` : line;
    if (piece.length >= PIECE_CHARS) {
      await write(piece);
      piece = '';
    }
  }
  await write(ndjson ? piece : `${piece}]`);

  async function write(text: string): Promise<void> {
    const bytes = Buffer.from(text);
    hash.update(bytes);
    await sink.write(bytes);
  }

  const gzip = opts.compression === 'gzip';
  const out = await sink.end();
  const contentSha256 = hash.digest('hex');
  return {
    body: out.body,
    hash: contentSha256.slice(0, 32),
    bodySha256: out.sha256 ?? contentSha256,
    contentType: ndjson ? 'application/x-ndjson' : 'application/json',
    contentEncoding: gzip ? 'gzip' : undefined,
    ext: `.${format}${gzip ? '.gz' : ''}`,
  };
}

interface Sink {
  write(bytes: Buffer): Promise<void>;
  /** The output, and its SHA-256 when it is not the input. */
  end(): Promise<{ body: Buffer; sha256?: string }>;
}

function rawSink(): Sink {
  const parts: Buffer[] = [];
  return {
    async write(bytes) {
      parts.push(bytes);
    },
    async end() {
      return { body: Buffer.concat(parts) };
    },
  };
}

/**
 * One gzip stream: it compresses on libuv's thread pool, not on the thread
 * that answers the Telemetry API; each piece waits until it went through,
 * so that the pieces do not pile up in the stream's queue.
 */
function gzipSink(modules: EncodeModules): Sink {
  const gzip = modules.createGzip();
  const parts: Buffer[] = [];
  // The compressed body is hashed as it comes, for x-amz-content-sha256.
  const hash = modules.createHash('sha256');
  gzip.on('data', (chunk: Buffer) => {
    parts.push(chunk);
    hash.update(chunk);
  });
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  // A failure surfaces through write() or end(); never unhandled meanwhile.
  ended.catch(() => undefined);
  return {
    write: (bytes) =>
      new Promise((resolve, reject) => {
        gzip.write(bytes, (error) => (error ? reject(error) : resolve()));
      }),
    async end() {
      gzip.end();
      await ended;
      return { body: Buffer.concat(parts), sha256: hash.digest('hex') };
    },
  };
}
