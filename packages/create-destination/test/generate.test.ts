import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenerateError, generateDestination } from '../src/generate.js';
import { USAGE } from '../src/usage.js';

/** A minimal workspace: pnpm-workspace.yaml, apps/webhook, packages/core. */
async function makeRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gen-root-'));
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - apps/*\n');
  for (const [dir, name] of [
    ['apps/webhook', '@logdrain/webhook'],
    ['packages/core', '@logdrain/core'],
    ['apps/odd-folder', '@logdrain/loki'],
  ] as const) {
    await mkdir(join(root, dir), { recursive: true });
    await writeFile(join(root, dir, 'package.json'), JSON.stringify({ name }));
  }
  await mkdir(join(root, '.changeset'));
  return root;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('generateDestination', () => {
  let root: string;

  beforeEach(async () => {
    root = await makeRoot();
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the app and its changeset with every placeholder filled', async () => {
    const result = await generateDestination({ root, name: 'splunk-hec' });

    const app = await listFiles(join(root, 'apps/splunk-hec'));
    expect(app).toEqual([
      'README.md',
      'package.json',
      'src/config.ts',
      'src/destination.ts',
      'src/http-post.ts',
      'src/main.ts',
      'test/config.test.ts',
      'test/contract.test.ts',
      'test/extension.test.ts',
      'test/fixtures/lines-handler.mjs',
      'tsconfig.json',
      'tsup.config.ts',
      'vitest.config.ts',
    ]);
    expect(result.files).toEqual([
      ...app.map((file) => `apps/splunk-hec/${file}`),
      '.changeset/splunk-hec-destination.md',
    ]);
    for (const file of result.files) {
      expect(await readFile(join(root, file), 'utf8')).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('writes package.json with the names, the layer build and its size gate', async () => {
    await generateDestination({
      root,
      name: 'splunk-hec',
      description: 'ships logs to Splunk HEC',
    });

    const manifest = JSON.parse(
      await readFile(join(root, 'apps/splunk-hec/package.json'), 'utf8')
    );
    expect(manifest).toMatchObject({
      name: '@logdrain/splunk-hec',
      private: true,
      type: 'module',
      description: 'logdrain-splunk-hec: ships logs to Splunk HEC',
      scripts: {
        build:
          'tsup && logdrain-build-layer --name logdrain-splunk-hec --max-bytes 153600',
      },
    });
  });

  it('bundles with layerBundleOptions under the extension’s name, as the apps do', async () => {
    await generateDestination({ root, name: 'splunk-hec' });

    const config = await readFile(
      join(root, 'apps/splunk-hec/tsup.config.ts'),
      'utf8'
    );
    expect(config).toContain(
      "import { layerBundleOptions } from '@logdrain/layer-build';"
    );
    expect(config).toContain(
      "layerBundleOptions({ name: 'logdrain-splunk-hec', registerFirst: true })"
    );
  });

  it('escapes the description for package.json', async () => {
    await generateDestination({
      root,
      name: 'loki2',
      description: 'ships "logs" \\ to Loki',
    });

    const text = await readFile(join(root, 'apps/loki2/package.json'), 'utf8');
    expect(JSON.parse(text).description).toBe(
      'logdrain-loki2: ships "logs" \\ to Loki'
    );
  });

  it('uses the name in identifiers and variables', async () => {
    await generateDestination({ root, name: 'splunk-hec' });

    const config = await readFile(
      join(root, 'apps/splunk-hec/src/config.ts'),
      'utf8'
    );
    const destination = await readFile(
      join(root, 'apps/splunk-hec/src/destination.ts'),
      'utf8'
    );
    expect(config).toContain('export function parseSplunkHecConfig(env: Env)');
    expect(config).toContain("'LOGDRAIN_SPLUNK_HEC_URL'");
    expect(destination).toContain(
      'export async function createSplunkHecDestination('
    );
    expect(destination).toContain("name: 'splunk-hec'");
  });

  it('lists in --help every file it creates', async () => {
    const result = await generateDestination({
      root,
      name: 'loki2',
      dryRun: true,
    });

    const described = result.files
      .map((file) => file.replace('loki2', '<name>'))
      .filter((file) => !USAGE.includes(file.split('/').at(-1) ?? file));
    expect(described).toEqual([]);
  });

  it('writes nothing on a dry run', async () => {
    const result = await generateDestination({
      root,
      name: 'loki2',
      dryRun: true,
    });

    expect(result.files).toHaveLength(14);
    expect(await readdir(join(root, 'apps'))).toEqual([
      'odd-folder',
      'webhook',
    ]);
    expect(await readdir(join(root, '.changeset'))).toEqual([]);
  });

  it.each([
    ['an existing app', 'webhook', 'apps/webhook already exists'],
    ['an existing package folder', 'core', '"core" is reserved'],
    [
      'a package of that name',
      'loki',
      'apps/odd-folder is already the package @logdrain/loki',
    ],
  ])('refuses %s and writes nothing', async (_, name, message) => {
    const before = await listFiles(root);

    const attempt = generateDestination({ root, name });

    await expect(attempt).rejects.toThrow(GenerateError);
    await expect(attempt).rejects.toThrow(message);
    expect(await listFiles(root)).toEqual(before);
  });

  it.each([
    ['webhook-batch', 'LOGDRAIN_WEBHOOK_'],
    ['web', 'LOGDRAIN_WEB_'],
  ])('refuses %s, whose variables overlap an app’s', async (name, prefix) => {
    await mkdir(join(root, 'apps/web-push'));

    const attempt = generateDestination({ root, name });

    await expect(attempt).rejects.toThrow(
      `would share the variables ${prefix}…`
    );
  });

  it('refuses to overwrite an existing changeset', async () => {
    await writeFile(join(root, '.changeset/tempo-destination.md'), 'mine');

    const attempt = generateDestination({ root, name: 'tempo' });

    await expect(attempt).rejects.toThrow(
      '.changeset/tempo-destination.md already exists and the generator never overwrites'
    );
    expect(await readdir(join(root, 'apps'))).toEqual([
      'odd-folder',
      'webhook',
    ]);
    expect(
      await readFile(join(root, '.changeset/tempo-destination.md'), 'utf8')
    ).toBe('mine');
  });

  it('refuses a folder that is not the repository root', async () => {
    const attempt = generateDestination({
      root: join(root, 'apps'),
      name: 'tempo',
    });

    await expect(attempt).rejects.toThrow('no pnpm-workspace.yaml');
  });
});
