import type { LogEvent } from '@logdrain/core';

export type S3Format = 'ndjson' | 'json';
export type S3Compression = 'gzip' | 'none';

/** The body of one object, ready to PUT. */
export interface EncodedBatch {
  readonly body: Buffer;
  /** 32 hex characters of SHA-256 over the uncompressed body. */
  readonly hash: string;
  readonly contentType: string;
  readonly contentEncoding: 'gzip' | undefined;
  readonly ext: string;
}

/** node:crypto and node:zlib, loaded by the factory after registration. */
export interface EncodeModules {
  readonly createHash: typeof import('node:crypto').createHash;
  readonly gzip: (body: Buffer) => Promise<Buffer>;
}

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
  const lines = batch.map((event) => JSON.stringify(event));
  const text =
    format === 'ndjson'
      ? lines.map((line) => `${line}\n`).join('')
      : `[${lines.join(',')}]`;
  const raw = Buffer.from(text);
  const sha256 = (data: string | Buffer) =>
    modules.createHash('sha256').update(data).digest('hex');
  const gzip = opts.compression === 'gzip';
  return {
    // Asynchronous: a 5 MiB batch compresses on libuv's thread pool, not
    // on the thread that answers the Telemetry API.
    body: gzip ? await modules.gzip(raw) : raw,
    hash: sha256(raw).slice(0, 32),
    contentType:
      format === 'ndjson' ? 'application/x-ndjson' : 'application/json',
    contentEncoding: gzip ? 'gzip' : undefined,
    ext: `.${format}${gzip ? '.gz' : ''}`,
  };
}
