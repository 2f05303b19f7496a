import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLayers } from '../src/layers.js';
import { makeLayerDir, makeLayerZip, tempDir } from './helpers.js';

describe('extractLayers', () => {
  it('extracts layers in order, the later one winning', async () => {
    await using dir = await tempDir();
    const first = await makeLayerZip(join(dir.path, 'a.zip'), [
      { name: 'shared.txt', data: 'first', mode: 0o644 },
      { name: 'bin/tool', data: '#!/bin/sh\n', mode: 0o755 },
    ]);
    const second = await makeLayerDir(join(dir.path, 'b'), {});
    await writeFile(join(second, 'shared.txt'), 'second');
    const optDir = join(dir.path, 'opt');

    await extractLayers({ layers: [first, second], optDir });

    expect(await readFile(join(optDir, 'shared.txt'), 'utf8')).toBe('second');
    expect((await stat(join(optDir, 'bin', 'tool'))).mode & 0o777).toBe(0o755);
  });

  it('refuses an entry outside the layer root', async () => {
    await using dir = await tempDir();
    const zip = await makeLayerZip(join(dir.path, 'evil.zip'), [
      { name: '../escape.txt', data: 'x', mode: 0o644 },
    ]);

    const extracting = extractLayers({
      layers: [zip],
      optDir: join(dir.path, 'opt'),
    });

    await expect(extracting).rejects.toThrow();
  });
});
