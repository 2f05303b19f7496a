import type { Gzip, ZlibOptions } from 'node:zlib';

/**
 * Builds a request body from text pieces, gzip-compressed when `createGzip`
 * is given. Compression streams through libuv's thread pool, a piece at a
 * time, so the whole uncompressed body never sits in memory at once.
 * `onPiece` sees every piece (to sign the uncompressed payload).
 *
 * @example
 * const { createGzip } = await import('node:zlib');
 * const body = await encodeBody(batchPieces(batch, 'json'), { createGzip, level: 1 });
 */
export async function encodeBody(
  pieces: Iterable<string>,
  opts: {
    readonly createGzip?: (options: ZlibOptions) => Gzip;
    readonly level?: number;
    readonly onPiece?: (piece: string) => void;
  }
): Promise<Buffer> {
  const out: Buffer[] = [];
  if (opts.createGzip === undefined) {
    for (const piece of pieces) {
      opts.onPiece?.(piece);
      out.push(Buffer.from(piece));
    }
    return Buffer.concat(out);
  }
  const gzip = opts.createGzip({ level: opts.level });
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  // Every wait below ends early when the stream fails.
  const failed = new Promise<never>((_, reject) => gzip.once('error', reject));
  failed.catch(() => undefined);
  const next = (event: 'drain' | 'end') =>
    Promise.race([
      new Promise<void>((resolve) => gzip.once(event, () => resolve())),
      failed,
    ]);
  for (const piece of pieces) {
    opts.onPiece?.(piece);
    if (!gzip.write(piece)) await next('drain');
  }
  const ended = next('end');
  gzip.end();
  await ended;
  return Buffer.concat(out);
}
