import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const HANDLER = join(FIXTURES, 'handler.mjs');
export const RECORDER = join(FIXTURES, 'recording-extension.mjs');

/** A temporary folder removed by `await using`. */
export async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const path = await mkdtemp(join(tmpdir(), 'sandbox-test-'));
  return {
    path,
    [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }),
  };
}

/** The sh launcher a layer carries for one extension script. */
export function launcher(
  script: string,
  env: Record<string, string> = {}
): string {
  const exports = Object.entries(env)
    .map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'\n`)
    .join('');
  return `#!/bin/sh\n${exports}exec node "${script}" "$0"\n`;
}

/** A layer folder with `extensions/<name>` launchers. */
export async function makeLayerDir(
  dir: string,
  extensions: Record<string, string>
): Promise<string> {
  await mkdir(join(dir, 'extensions'), { recursive: true });
  for (const [name, script] of Object.entries(extensions)) {
    const path = join(dir, 'extensions', name);
    await writeFile(path, script);
    await chmod(path, 0o755);
  }
  return dir;
}

/** A minimal zip writer (deflate, Unix modes) for layer zips in tests. */
export async function makeLayerZip(
  path: string,
  files: Array<{ name: string; data: string; mode: number }>
): Promise<string> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = Buffer.from(file.data);
    const packed = deflateRawSync(data);
    const name = Buffer.from(file.name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | file.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const centralBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(path, Buffer.concat([...locals, centralBytes, end]));
  return path;
}

/** The NDJSON entries the recording extension wrote. */
export async function readRecords(
  path: string
): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
