import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLayer } from '../src/build-layer.js';
import { readZip } from './zip-reader.js';

const BUNDLE = 'process.stdout.write(process.argv[2]);\n';

describe('buildLayer', () => {
  let appDir: string;

  beforeEach(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'layer-build-'));
    await mkdir(join(appDir, 'dist', 'logdrain-test'), { recursive: true });
    await writeFile(join(appDir, 'dist', 'logdrain-test', 'index.mjs'), BUNDLE);
  });

  afterEach(async () => {
    await rm(appDir, { recursive: true, force: true });
  });

  it('packs the launcher and the bundle with fixed modes, sorted', async () => {
    const result = await buildLayer({ appDir, name: 'logdrain-test' });

    const entries = readZip(await readFile(result.zipPath));
    expect(result.zipPath).toBe(join(appDir, 'dist', 'layer.zip'));
    expect(entries.map((e) => e.path)).toEqual([
      'extensions/logdrain-test',
      'logdrain-test/index.mjs',
    ]);
    expect(entries.map((e) => e.mode)).toEqual([0o100755, 0o100644]);
    expect(entries[1]?.data.toString()).toBe(BUNDLE);
    expect(entries[0]?.data.toString()).toContain(
      'bundle="$here/../logdrain-test/index.mjs"'
    );
    expect(result.bundleBytes).toBe(BUNDLE.length);
  });

  it('writes byte-identical zips for the same input', async () => {
    const first = await buildLayer({ appDir, name: 'logdrain-test' });
    const firstBytes = await readFile(first.zipPath);

    const second = await buildLayer({
      appDir,
      name: 'logdrain-test',
      outPath: 'dist/again.zip',
    });

    expect(await readFile(second.zipPath)).toEqual(firstBytes);
  });

  it('stores one fixed DOS timestamp and no extended time field', async () => {
    const result = await buildLayer({ appDir, name: 'logdrain-test' });

    const entries = readZip(await readFile(result.zipPath));
    // 1980-01-01 00:00:00 in DOS format: date (0 << 9) | (1 << 5) | 1, time 0.
    expect(entries.map((e) => [e.dosDate, e.dosTime, e.extraLength])).toEqual([
      [33, 0, 0],
      [33, 0, 0],
    ]);
  });

  it('fails without writing when the zip is over the byte budget', async () => {
    const build = buildLayer({
      appDir,
      name: 'logdrain-test',
      maxZipBytes: 10,
    });

    await expect(build).rejects.toThrow(/more than the budget of 10 bytes/);
    await expect(readFile(join(appDir, 'dist', 'layer.zip'))).rejects.toThrow(
      /ENOENT/
    );
  });

  it('names the missing bundle', async () => {
    const build = buildLayer({ appDir, name: 'logdrain-other' });

    await expect(build).rejects.toThrow(
      /logdrain-other\/index\.mjs cannot be read; build the app first/
    );
  });
});
