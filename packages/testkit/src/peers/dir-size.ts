import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes used by the files under `dir` (0 when it does not exist). */
export async function dirSizeBytes(dir: string): Promise<number> {
  const info = await lstat(dir).catch(() => undefined);
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(dir)) {
    total += await dirSizeBytes(join(dir, entry));
  }
  return total;
}

/** `1.2 GB`, `350 MB`, `12 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}
