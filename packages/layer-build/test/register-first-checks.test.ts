import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { layerBundleOptions } from '../src/bundle-options.js';

const APP = fileURLToPath(
  new URL('fixtures/register-first-app/src/', import.meta.url)
);

function buildApp(
  entry: string,
  outDir: string,
  absWorkingDir?: string
): Promise<void> {
  const options = layerBundleOptions({
    name: 'logdrain-early',
    embed: join(APP, 'destination.ts'),
    registerFirst: true,
  });
  return build({
    ...options,
    entry: { index: entry },
    outDir,
    silent: true,
    esbuildOptions(esbuild) {
      if (absWorkingDir !== undefined) esbuild.absWorkingDir = absWorkingDir;
      esbuild.alias = {
        '@logdrain/core/register': join(APP, 'fake-register.ts'),
        '@logdrain/core': join(APP, 'fake-core.ts'),
      };
    },
  });
}

describe('registerFirst build checks', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'register-first-checks-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the register entry when absWorkingDir is not the current directory', async () => {
    await buildApp(join(APP, 'main.ts'), join(dir, 'out'), APP);
    const bundle = join(dir, 'out', 'index.mjs');

    const text = await readFile(bundle, 'utf8');
    expect(text.split('registered early as').length).toBe(2);
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [bundle], (error, out) =>
        error ? reject(error) : resolve(out)
      )
    );
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'registered early as logdrain-early',
      'running app true',
      'one Marker class: true',
    ]);
  });

  it('fails the build when the entry is not the module the build loads', async () => {
    await symlink(APP, join(dir, 'linked'));
    const entry = join(dir, 'linked', 'main.ts');

    await expect(buildApp(entry, join(dir, 'out'))).rejects.toThrow(
      `registerFirst: the build never loaded ${entry} (a symlink?), so the bundle would hold the app twice`
    );
  });

  it('fails the build when the app never imports the register entry', async () => {
    await expect(
      buildApp(join(APP, '../../builtins-app/main.ts'), join(dir, 'out'))
    ).rejects.toThrow(
      `registerFirst: the app never imports ${join(APP, 'fake-register.ts')} (@logdrain/core/register), so it would register a second time`
    );
  });
});
