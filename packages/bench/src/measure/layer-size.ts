import { readFile, stat } from 'node:fs/promises';
import type { SizeResult } from '../results.js';
import { zipEntries } from './zip-entries.js';

/** Sum of the uncompressed sizes in a zip's central directory. */
export function unzippedBytes(zip: Buffer): number {
  return zipEntries(zip).reduce((total, entry) => total + entry.bytes, 0);
}

/** Zipped and unzipped size of a layer zip. */
export async function measureLayerSize(zipPath: string): Promise<SizeResult> {
  const zipBytes = (await stat(zipPath)).size;
  return { zipBytes, unzippedBytes: unzippedBytes(await readFile(zipPath)) };
}
