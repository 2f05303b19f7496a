import { readFile, stat } from 'node:fs/promises';
import type { SizeResult } from '../results.js';

/** End of central directory record signature. */
const EOCD = 0x06054b50;
/** Central directory file header signature. */
const CENTRAL = 0x02014b50;

/** Sum of the uncompressed sizes in a zip's central directory. */
export function unzippedBytes(zip: Buffer): number {
  // The EOCD record is 22 bytes plus a comment of up to 65,535 bytes.
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 65_557); at--) {
    if (zip.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL) {
      throw new Error(`zip: bad central directory entry ${n}`);
    }
    total += zip.readUInt32LE(at + 24);
    at +=
      46 +
      zip.readUInt16LE(at + 28) +
      zip.readUInt16LE(at + 30) +
      zip.readUInt16LE(at + 32);
  }
  return total;
}

/** Zipped and unzipped size of a layer zip. */
export async function measureLayerSize(zipPath: string): Promise<SizeResult> {
  const zipBytes = (await stat(zipPath)).size;
  return { zipBytes, unzippedBytes: unzippedBytes(await readFile(zipPath)) };
}
