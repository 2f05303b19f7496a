import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@logdrain/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nullLayerOnCarriedNode } from '../src/carried-node.js';
import { zipOf } from './zip-of.js';

const NULL_LAYER = fileURLToPath(
  new URL('../fixtures/null-layer', import.meta.url)
);
const HANDLER = fileURLToPath(
  new URL('../fixtures/lines-handler.mjs', import.meta.url)
);

/** Stands in for a carried Node.js: says that it ran, then runs this one. */
const FAKE_NODE = Buffer.from(`#!/bin/sh
if [ "$1" = --version ]; then echo v99.1.2; exit 0; fi
echo "carried node runs $2" >&2
exec "${process.execPath}" "$@"
`);

describe('nullLayerOnCarriedNode', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-carried-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function standaloneZip(files: Record<string, Buffer>) {
    const path = join(dir, 'layer.zip');
    await writeFile(path, zipOf(files));
    return path;
  }

  it('copies the null extension with the Node.js the layer carries, and reads its version', async () => {
    const zipPath = await standaloneZip({
      'extensions/logdrain-webhook': Buffer.from('#!/bin/sh\n'),
      'logdrain-webhook/index.mjs': Buffer.from('export {};\n'),
      'logdrain-webhook/bin/node': FAKE_NODE,
    });

    const carried = await nullLayerOnCarriedNode({
      zipPath,
      nullLayer: NULL_LAYER,
      dir: join(dir, 'null'),
    });

    expect(carried).toEqual({ layer: join(dir, 'null'), node: 'v99.1.2' });
    const binary = join(dir, 'null', 'null-extension', 'bin', 'node');
    expect(await readFile(binary)).toEqual(FAKE_NODE);
    expect((await stat(binary)).mode & 0o777).toBe(0o755);
    expect(
      await readFile(join(dir, 'null', 'null-extension', 'index.mjs'))
    ).toEqual(await readFile(join(NULL_LAYER, 'null-extension', 'index.mjs')));
  });

  it('makes a null extension that the sandbox runs on that binary', async () => {
    const zipPath = await standaloneZip({
      'logdrain-webhook/bin/node': FAKE_NODE,
    });
    const carried = await nullLayerOnCarriedNode({
      zipPath,
      nullLayer: NULL_LAYER,
      dir: join(dir, 'null'),
    });
    await using sandbox = await startSandbox({
      layers: [carried?.layer ?? ''],
      handler: HANDLER,
    });

    const invoke = await sandbox.invoke({ tag: 'c1', lines: 3 });
    const shutdown = await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect(invoke.status).toBe('success');
    expect(
      sandbox.extensionOutput.filter((line) => line.startsWith('carried'))
    ).toEqual(['carried node runs null-extension']);
    expect(shutdown.extensions.map((e) => e.exitCode)).toEqual([0]);
  });

  it('gives nothing for a layer that runs the Node.js on PATH, a folder or a missing zip', async () => {
    const zipPath = await standaloneZip({
      'extensions/logdrain-webhook': Buffer.from('#!/bin/sh\n'),
      'logdrain-webhook/index.mjs': Buffer.from('export {};\n'),
      'logdrain-webhook/node_modules/bin/node': FAKE_NODE,
    });
    const of = (path: string) =>
      nullLayerOnCarriedNode({
        zipPath: path,
        nullLayer: NULL_LAYER,
        dir: join(dir, 'null'),
      });

    expect(await of(zipPath)).toBeUndefined();
    expect(await of(NULL_LAYER)).toBeUndefined();
    expect(await of(join(dir, 'missing.zip'))).toBeUndefined();
    await expect(stat(join(dir, 'null'))).rejects.toThrow('ENOENT');
  });
});
