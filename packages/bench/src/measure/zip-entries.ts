import { inflateRawSync } from 'node:zlib';

/** End of central directory record signature. */
const EOCD = 0x06054b50;
/** Central directory file header signature. */
const CENTRAL = 0x02014b50;
/** Local file header signature. */
const LOCAL = 0x04034b50;

/** One file of a zip, as its central directory lists it. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly compressedBytes: number;
  readonly bytes: number;
  /** Offset of its local header. */
  readonly localOffset: number;
}

/** The entries of a zip's central directory, in order. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  // The EOCD record is 22 bytes plus a comment of up to 65,535 bytes.
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 65_557); at--) {
    if (zip.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL) {
      throw new Error(`zip: bad central directory entry ${n}`);
    }
    const nameBytes = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameBytes),
      method: zip.readUInt16LE(at + 10),
      compressedBytes: zip.readUInt32LE(at + 20),
      bytes: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    });
    at +=
      46 + nameBytes + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** The uncompressed content of one entry (stored or deflated). */
export function readZipEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset;
  if (zip.readUInt32LE(at) !== LOCAL) {
    throw new Error(`zip: no local header for ${entry.name}`);
  }
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const packed = zip.subarray(start, start + entry.compressedBytes);
  if (entry.method === 0) return Buffer.from(packed);
  if (entry.method === 8) return inflateRawSync(packed);
  throw new Error(`zip: ${entry.name} uses compression method ${entry.method}`);
}
