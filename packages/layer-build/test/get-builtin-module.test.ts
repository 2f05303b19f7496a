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

function runNode(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(process.execPath, args, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
      );
    }
  );
}

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
    ).toEqual(['node:https', 'node:fs', 'node:http', 'node:path']);
  });

  it('gives named, namespace and default imports their values', async () => {
    const run = await runNode([bundle]);

    expect(run).toEqual({
      code: 0,
      stdout: 'function / function function function\n',
      stderr: '',
    });
  });

  it('reads only the names imported from a statically imported built-in', async () => {
    // Every look at node:http's module object, through a Proxy.
    const watch = `data:text/javascript,${encodeURIComponent(`
      const load = process.getBuiltinModule;
      const seen = [];
      const trap = (name) => (...args) => (seen.push(name + ' ' + String(args[1] ?? '')), Reflect[name](...args));
      process.getBuiltinModule = (id) => id !== 'node:http' ? load(id)
        : new Proxy(load(id), { get: trap('get'), has: trap('has'), ownKeys: trap('ownKeys'), getOwnPropertyDescriptor: trap('getOwnPropertyDescriptor') });
      process.on('exit', () => process.stderr.write(JSON.stringify(seen)));
    `)}`;

    const run = await runNode(['--import', watch, bundle]);

    expect(run.stderr).toBe('["get request"]');
  });

  it('fails the build on a member the built-in does not have', async () => {
    const missing = fileURLToPath(
      new URL('fixtures/missing-builtin-app/main.ts', import.meta.url)
    );
    const options = layerBundleOptions({ name: 'logdrain-missing' });

    await expect(
      build({
        ...options,
        entry: { index: missing },
        outDir: join(outDir, 'missing'),
        silent: true,
      })
    ).rejects.toThrow(/noSuchExport/);
  });

  it('exits 1 with one line where Node.js has no getBuiltinModule', async () => {
    const older = 'data:text/javascript,delete process.getBuiltinModule';

    const run = await runNode(['--import', older, bundle, 'logdrain-test']);

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `logdrain-test: needs Node.js 20.16 or later (process.getBuiltinModule), this is ${process.version}\n`,
    });
  });
});
