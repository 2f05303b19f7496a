import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BuildStandaloneResult,
  buildStandaloneLayer,
  STANDALONE_NODE_VERSION,
} from '../src/build-standalone.js';
import { ELF_MACHINE, readElfHeader } from '../src/elf.js';
import { type ReadEntry, readZip } from './zip-reader.js';

const run = promisify(execFile);

const BUNDLE =
  "process.stdout.write(process.argv[2] + ' ' + process.version);\n";

function entry(entries: readonly ReadEntry[], path: string): ReadEntry {
  const found = entries.find((e) => e.path === path);
  if (!found) throw new Error(`${path} is not in the zip`);
  return found;
}

// Downloads Node.js from npm on the first run (about 50 MB per
// architecture, cached) and deflates two 100 MB binaries.
describe('buildStandaloneLayer', { timeout: 600_000 }, () => {
  let appDir: string;
  const built: Record<string, BuildStandaloneResult> = {};
  const zips: Record<string, ReadEntry[]> = {};

  beforeAll(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'layer-standalone-'));
    await mkdir(join(appDir, 'dist', 'logdrain-test'), { recursive: true });
    await writeFile(join(appDir, 'dist', 'logdrain-test', 'index.mjs'), BUNDLE);
    for (const arch of ['x86_64', 'arm64'] as const) {
      built[arch] = await buildStandaloneLayer({
        appDir,
        name: 'logdrain-test',
        arch,
      });
      zips[arch] = readZip(await readFile(built[arch].zipPath));
    }
  }, 600_000);

  afterAll(async () => {
    await rm(appDir, { recursive: true, force: true });
  });

  it('writes dist/layer-standalone-<arch>.zip with node beside the bundle, executable', () => {
    for (const arch of ['x86_64', 'arm64']) {
      const entries = zips[arch] ?? [];
      expect(built[arch]?.zipPath).toBe(
        join(appDir, 'dist', `layer-standalone-${arch}.zip`)
      );
      expect(entries.map((e) => [e.path, e.mode.toString(8)])).toEqual([
        ['extensions/logdrain-test', '100755'],
        ['logdrain-test/bin/LICENSE', '100644'],
        ['logdrain-test/bin/node', '100755'],
        ['logdrain-test/index.mjs', '100644'],
      ]);
      expect(entry(entries, 'logdrain-test/index.mjs').data.toString()).toBe(
        BUNDLE
      );
      expect(
        entry(entries, 'logdrain-test/bin/LICENSE').data.toString()
      ).toContain('Node.js is licensed for use as follows');
      expect(built[arch]?.unzippedBytes).toBe(
        entries.reduce((sum, e) => sum + e.data.length, 0)
      );
    }
  });

  it('carries an aarch64 ELF in the arm64 zip and an x86-64 ELF in the x86_64 zip', () => {
    const arm = readElfHeader(
      entry(zips.arm64 ?? [], 'logdrain-test/bin/node').data
    );
    const x86 = readElfHeader(
      entry(zips.x86_64 ?? [], 'logdrain-test/bin/node').data
    );

    expect(arm).toEqual({ bits: 64, littleEndian: true, machine: 0xb7 });
    expect(x86).toEqual({ bits: 64, littleEndian: true, machine: 0x3e });
    expect([arm.machine, x86.machine]).toEqual([
      ELF_MACHINE.arm64,
      ELF_MACHINE.x86_64,
    ]);
  });

  it('ships an x86_64 node that runs the bundle through the launcher with no node on PATH', async () => {
    const opt = await mkdtemp(join(tmpdir(), 'layer-standalone-opt-'));
    try {
      for (const e of zips.x86_64 ?? []) {
        const path = join(opt, e.path);
        await mkdir(join(path, '..'), { recursive: true });
        await writeFile(path, e.data, { mode: e.mode & 0o777 });
      }

      const { stdout } = await run(join(opt, 'extensions', 'logdrain-test'), {
        env: { PATH: join(opt, 'nowhere') },
      });

      expect(stdout).toBe(`logdrain-test v${STANDALONE_NODE_VERSION}`);
    } finally {
      await rm(opt, { recursive: true, force: true });
    }
  });

  it('strips the x86_64 binary with strip', () => {
    expect(built.x86_64?.strippedBy).toBe('strip');
    expect(built.x86_64?.nodeVersion).toBe(STANDALONE_NODE_VERSION);
  });

  it('writes byte-identical zips for the same input', async () => {
    const first = await readFile(built.arm64?.zipPath ?? '');

    const again = await buildStandaloneLayer({
      appDir,
      name: 'logdrain-test',
      arch: 'arm64',
    });

    expect(again.strippedBy).toBe(built.arm64?.strippedBy);
    expect((await readFile(again.zipPath)).equals(first)).toBe(true);
  });
});
