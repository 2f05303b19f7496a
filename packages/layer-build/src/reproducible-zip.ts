import yazl from 'yazl';

/** One file in a layer zip. */
export interface ZipEntry {
  /** Path inside the zip, with forward slashes. */
  readonly path: string;
  readonly data: Buffer;
  /** Unix permission bits, e.g. 0o755 for the launcher. */
  readonly mode: number;
  /** Deflate level, default 9. */
  readonly compressionLevel?: number;
}

/** The file type bits of a regular file in a zip entry's Unix mode. */
const REGULAR_FILE = 0o100000;

/**
 * Zips entries so that the same input always gives the same bytes: entries
 * sorted by path, fixed modes and one fixed timestamp. yazl converts dates
 * with local-time getters, so the date is built from local components and
 * the UTC extended-timestamp field is left out (forceDosTimestamp).
 *
 * @example
 * const zip = await writeReproducibleZip([
 *   { path: 'a.txt', data: Buffer.from('a'), mode: 0o644 },
 * ]);
 */
export async function writeReproducibleZip(
  entries: readonly ZipEntry[]
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const sorted = [...entries].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  );
  for (const entry of sorted) {
    zip.addBuffer(entry.data, entry.path, {
      mtime,
      mode: REGULAR_FILE | entry.mode,
      compress: true,
      compressionLevel: entry.compressionLevel ?? 9,
      forceDosTimestamp: true,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
