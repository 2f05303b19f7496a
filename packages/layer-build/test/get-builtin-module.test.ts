import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerBundleOptions } from '../src/bundle-options.js';

const MAIN = fileURLToPath(
  new URL('fixtures/builtins-app/main.ts', import.meta.url)
);

describe('layerBundleOptions and Node.js built-ins', () => {
  let outDir: string;
  let bundle: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'get-builtin-'));
    const options = layerBundleOptions({ name: 'logdrain-builtins' });
    await build({ ...options, entry: { index: MAIN }, outDir, silent: true });
    bundle = join(outDir, 'index.mjs');
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('loads them with process.getBuiltinModule, not as ES modules', async () => {
    const text = await readFile(bundle, 'utf8');

    expect(text).not.toMatch(/(^|[;}\n])import\s*[{\w*][^"]*from\s*"/);
    expect(text).not.toMatch(/\bimport\(/);
    expect(
      [...text.matchAll(/getBuiltinModule\("([^"]+)"\)/g)].map((m) => m[1])
    ).toEqual(['node:http', 'node:path', 'node:https']);
  });

  it('gives named, namespace and default imports their values', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [bundle], (error, out) =>
        error ? reject(error) : resolve(out)
      );
    });

    expect(stdout).toBe('function / function function\n');
  });
});
