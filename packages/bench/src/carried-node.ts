import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { readZipEntry, zipEntries } from './measure/zip-entries.js';

/**
 * Where a standalone layer keeps the Node.js its launcher runs instead of
 * PATH's: `<bundle folder>/bin/node` (layer-build's launcher).
 */
const CARRIED_NODE = /^[^/]+\/bin\/node$/;

/** The null extension set up to run on a layer's own Node.js. */
export interface NullOnCarriedNode {
  /** Absolute path of the null extension's layer folder. */
  readonly layer: string;
  /** `--version` of the binary, e.g. v24.21.0. */
  readonly node: string;
}

/**
 * For a layer zip that carries its own Node.js: a copy of the null
 * extension's layer (`nullLayer`) in `dir` with that same binary as
 * `null-extension/bin/node`, which its launcher then runs instead of
 * PATH's, as logdrain's launcher does. Undefined for a missing zip, a
 * layer folder or a zip without a `<folder>/bin/node`.
 */
export async function nullLayerOnCarriedNode(opts: {
  zipPath: string;
  nullLayer: string;
  dir: string;
}): Promise<NullOnCarriedNode | undefined> {
  const info = await stat(opts.zipPath).catch(() => undefined);
  if (info === undefined || info.isDirectory()) return undefined;
  const zip = await readFile(opts.zipPath);
  const entry = zipEntries(zip).find((e) => CARRIED_NODE.test(e.name));
  if (entry === undefined) return undefined;
  await cp(opts.nullLayer, opts.dir, { recursive: true });
  const binary = join(opts.dir, 'null-extension', 'bin', 'node');
  await mkdir(dirname(binary), { recursive: true });
  await writeFile(binary, readZipEntry(zip, entry), { mode: 0o755 });
  const { stdout } = await promisify(execFile)(binary, ['--version']);
  return { layer: opts.dir, node: stdout.trim() };
}
