import { mkdir, readdir, realpath, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Folders after the layers' /opt/bin, as on Lambda. */
const SYSTEM_DIRS = ['/usr/local/bin', '/usr/bin', '/bin'];
/** What counts as Node.js when it must be off the PATH. */
const NODE_NAMES = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack']);

/**
 * PATH of every process: the Node.js binary's folder first, then /opt/bin
 * and the system folders. Without Node.js (`nodePath` undefined), a system
 * folder holding `node` is replaced by a copy of it made of symlinks to all
 * its other entries, under `scratchDir`, so `node` is found nowhere.
 */
export async function buildSearchPath(opts: {
  nodePath: string | undefined;
  optDir: string;
  scratchDir: string;
}): Promise<string> {
  const optBin = join(opts.optDir, 'bin');
  if (opts.nodePath !== undefined) {
    return [dirname(opts.nodePath), optBin, ...SYSTEM_DIRS].join(':');
  }
  const dirs = [optBin];
  const seen = new Set<string>();
  for (const dir of SYSTEM_DIRS) {
    const real = await realpath(dir).catch(() => undefined);
    if (real === undefined || seen.has(real)) continue;
    seen.add(real);
    const names = await readdir(dir).catch(() => [] as string[]);
    if (!names.some((name) => NODE_NAMES.has(name))) {
      dirs.push(dir);
      continue;
    }
    const copy = join(opts.scratchDir, `path-${seen.size}`);
    await mkdir(copy, { recursive: true });
    await Promise.all(
      names
        .filter((name) => !NODE_NAMES.has(name))
        .map((name) => symlink(join(dir, name), join(copy, name)))
    );
    dirs.push(copy);
  }
  return dirs.join(':');
}
