import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerBundleOptions } from '../src/bundle-options.js';

const APP = fileURLToPath(
  new URL('fixtures/register-first-app/src/', import.meta.url)
);

function runNode(
  file: string,
  env: Record<string, string> = {}
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [file],
      { env: { ...process.env, ...env } },
      (error, stdout) => (error ? reject(error) : resolve(stdout))
    );
  });
}

function runFailing(file: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      [file],
      { env: { ...process.env, ...env } },
      (error, stdout) =>
        resolve({ code: error ? Number(error.code) : 0, stdout })
    );
  });
}

function runOlderNode(file: string) {
  const older = 'data:text/javascript,delete process.getBuiltinModule';
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        process.execPath,
        ['--import', older, file, 'logdrain-early'],
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
      );
    }
  );
}

describe('layerBundleOptions with registerFirst', () => {
  let outDir: string;
  let bundle: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'register-first-'));
    const options = layerBundleOptions({
      name: 'logdrain-early',
      embed: join(APP, 'destination.ts'),
      registerFirst: true,
    });
    await build({
      ...options,
      entry: { index: join(APP, 'main.ts') },
      outDir,
      silent: true,
      esbuildOptions(esbuild) {
        esbuild.alias = {
          '@logdrain/core/register': join(APP, 'fake-register.ts'),
          '@logdrain/core': join(APP, 'fake-core.ts'),
        };
      },
    });
    bundle = join(outDir, 'index.mjs');
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('registers, then runs the app with the register entry it ran (one copy)', async () => {
    const stdout = await runNode(bundle);

    expect(stdout.split('\n').slice(0, 4)).toEqual([
      'registered early as logdrain-early',
      'running app true',
      'one Marker class: true',
      '*/ /* *//* %2A/ %25 true',
    ]);
  });

  it("gives the app the bundle's import.meta.url and names it <name>/index.mjs#main.ts in stack traces", async () => {
    const lines = (await runNode(bundle)).split('\n');

    expect(lines[4]).toBe(bundle);
    expect(lines[5]).toMatch(
      /^at \S+ \(logdrain-early\/index\.mjs#main\.ts:\d+:\d+\)$/
    );
  });

  it('runs the app through node:vm where NODE_OPTIONS disallow code generation from strings', async () => {
    const lines = (
      await runNode(bundle, {
        NODE_OPTIONS: '--disallow-code-generation-from-strings',
      })
    ).split('\n');

    expect(lines.slice(0, 5)).toEqual([
      'registered early as logdrain-early',
      'running app true',
      'one Marker class: true',
      '*/ /* *//* %2A/ %25 true',
      bundle,
    ]);
    expect(lines[5]).toMatch(
      /^at (\S+ \()?logdrain-early\/index\.mjs#main\.ts:\d+:\d+\)?$/
    );
  });

  it('hands a throw of the app before it runs to failEarlyStart', async () => {
    const run = await runFailing(bundle, {
      FIXTURE_THROW: 'bad module',
      NODE_OPTIONS: '--disallow-code-generation-from-strings',
    });

    expect(run).toEqual({
      code: 1,
      stdout:
        'registered early as logdrain-early\nfailed to start: bad module\n',
    });
  });

  it('keeps the app in comments after the register code, the embedded module last', async () => {
    const text = await readFile(bundle, 'utf8');

    const app = text.indexOf(
      'function __logdrain_app(){/*logdrain-app:main.ts\n'
    );
    const embedded = text.lastIndexOf('/*logdrain-embedded:destination.ts\n');
    expect(text.split('registered early as').length).toBe(2);
    expect(text.indexOf('registered early as')).toBeLessThan(app);
    expect(text.split('running ').length).toBe(2);
    expect(text.indexOf('running ')).toBeGreaterThan(app);
    expect(embedded).toBeGreaterThan(text.indexOf('running '));
    // A licence comment of the app's stays in the app's part, once.
    expect(text.split('fixture licence').length).toBe(2);
    expect(text.indexOf('fixture licence')).toBeGreaterThan(app);
    expect(text.indexOf('fixture licence')).toBeLessThan(embedded);
    expect(text).not.toMatch(/(^|[;}\n])import\s*[{\w*][^"]*from\s*"/);
  });

  it('refuses CommonJS outside the embedded module', () => {
    expect(() =>
      layerBundleOptions({
        name: 'logdrain-early',
        commonJs: 'main',
        registerFirst: true,
      })
    ).toThrow(
      'registerFirst keeps CommonJS code only in the embedded module: pass embed with commonJs'
    );
  });

  it('still says it needs Node.js 20.16 before registering, where getBuiltinModule is missing', async () => {
    const run = await runOlderNode(bundle);

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `logdrain-early: needs Node.js 20.16 or later (process.getBuiltinModule), this is ${process.version}\n`,
    });
  });
});
