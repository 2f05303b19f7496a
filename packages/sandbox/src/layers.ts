import { createWriteStream } from 'node:fs';
import { chmod, cp, mkdir, rm, stat, symlink } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

/**
 * Extracts layers into one folder in the order given, so a later layer
 * overwrites files of an earlier one (spec 1.3, unconfirmed order rule).
 */
export async function extractLayers(opts: {
  layers: readonly string[];
  optDir: string;
}): Promise<void> {
  await mkdir(opts.optDir, { recursive: true });
  for (const layer of opts.layers) {
    const path = resolve(layer);
    const info = await stat(path);
    if (info.isDirectory()) {
      await cp(path, opts.optDir, { recursive: true, force: true });
    } else {
      await extractZip(path, opts.optDir);
    }
  }
}

async function extractZip(zipPath: string, outDir: string): Promise<void> {
  const root = resolve(outDir);
  const zip = await yauzl.openPromise(zipPath, {
    lazyEntries: true,
    autoClose: false,
  });
  try {
    for await (const entry of zip.eachEntry()) {
      const target = resolve(root, entry.fileName);
      if (target !== root && !target.startsWith(root + sep)) {
        throw new Error(
          `layer ${zipPath} holds an entry outside the layer root: ${entry.fileName}`
        );
      }
      // The Unix mode sits in the upper half of the external attributes.
      const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
      const isDir = entry.fileName.endsWith('/') || (mode & S_IFMT) === S_IFDIR;
      if (isDir) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await rm(target, { force: true });
      const stream = await zip.openReadStreamPromise(entry);
      if ((mode & S_IFMT) === S_IFLNK) {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        await symlink(Buffer.concat(chunks).toString('utf8'), target);
        continue;
      }
      await pipeline(stream, createWriteStream(target));
      // Zips made without Unix attributes get a plain 0644 file.
      await chmod(target, mode & 0o777 ? mode & 0o777 : 0o644);
    }
  } finally {
    zip.close();
  }
}
