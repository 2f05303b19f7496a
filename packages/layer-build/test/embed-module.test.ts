import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerBundleOptions } from '../src/bundle-options.js';

const APP = fileURLToPath(new URL('fixtures/embed-app/src/', import.meta.url));

async function buildApp(outDir: string, entry: string): Promise<void> {
  const options = layerBundleOptions({
    name: 'logdrain-embed',
    embed: join(APP, 'destination.ts'),
  });
  await build({
    ...options,
    entry: { index: join(APP, entry) },
    outDir,
    silent: true,
    esbuildOptions(esbuild) {
      esbuild.alias = { '@logdrain/core': join(APP, 'fake-core.ts') };
    },
  });
}

function runNode(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file], (error, stdout) =>
      error ? reject(error) : resolve(stdout)
    );
  });
}

describe('layerBundleOptions with embed', () => {
  let outDir: string;
  let bundle: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'embed-module-'));
    await buildApp(outDir, 'main.ts');
    bundle = join(outDir, 'index.mjs');
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('runs the embedded module only when imported, sharing @logdrain/core', async () => {
    const stdout = await runNode(bundle);

    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'main 1',
      'destination loaded',
      'thing 2 true true',
    ]);
  });

  it('names the embedded module in stack traces', async () => {
    const stdout = await runNode(bundle);

    expect(stdout.split('\n')[4]).toMatch(
      new RegExp(
        `^at \\S+ \\(${outDir}/index\\.mjs#destination\\.ts:\\d+:\\d+\\)$`
      )
    );
  });

  it('keeps the module in one comment at the end and imports no built-in statically', async () => {
    const text = await readFile(bundle, 'utf8');

    const comment = text.lastIndexOf('/*logdrain-embedded:destination.ts\n');
    expect(text.split('destination loaded').length).toBe(2);
    expect(text.indexOf('destination loaded')).toBeGreaterThan(comment);
    expect(text.endsWith('*/\n')).toBe(true);
    expect(text).not.toMatch(/(^|[;}\n])import\s*[{\w*][^"]*from\s*"/);
  });

  it('reads back code that holds the comment end and the escape', async () => {
    const stdout = await runNode(bundle);

    expect(stdout.split('\n')[3]).toBe('*/ %2A/ %25');
  });

  it('lets the module export names the loader uses itself', async () => {
    const stdout = await runNode(bundle);

    expect(stdout.split('\n')[5]).toBe('marker code');
  });

  it('fails the build when the module is imported statically', async () => {
    const failed = buildApp(join(outDir, 'static'), 'static-main.ts');

    await expect(failed).rejects.toThrow(
      /destination\.ts is embedded as text: import it only with import\(\)/
    );
  });
});
