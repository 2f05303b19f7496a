import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LayerSandboxOptions,
  layerZipOf,
  startLayerInSandbox,
} from '../src/layer-sandbox.js';

describe('startLayerInSandbox', () => {
  let dir: string;
  let app: URL;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'layer-sandbox-'));
    app = pathToFileURL(dir);
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: '@logdrain/demo' })
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start before the layer is built, naming the build command', async () => {
    const started: LayerSandboxOptions[] = [];

    const attempt = startLayerInSandbox({
      start: async (options) => started.push(options),
      app,
      functionName: 'demo-e2e',
      env: {},
    });

    await expect(attempt).rejects.toThrow(
      `${join(dir, 'dist', 'layer.zip')} is missing: run \`pnpm --filter @logdrain/demo... build\` first`
    );
    expect(started).toEqual([]);
  });

  it('starts the built layer with the app’s lines handler and the given settings', async () => {
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'layer.zip'), 'zip');

    const plain = await startLayerInSandbox({
      start: async (options) => options,
      app,
      functionName: 'demo-e2e',
      env: { LOGDRAIN_DEMO_URL: 'http://127.0.0.1:1' },
    });
    const full = await startLayerInSandbox({
      start: async (options) => options,
      app: new URL(`${app.href}/`),
      functionName: 'demo-e2e',
      env: {},
      handler: '/var/task/other.mjs',
      region: 'eu-west-1',
      nodePath: '/opt/node20/bin/node',
    });

    expect(plain).toEqual({
      layers: [join(dir, 'dist', 'layer.zip')],
      handler: join(dir, 'test', 'fixtures', 'lines-handler.mjs'),
      functionName: 'demo-e2e',
      env: { LOGDRAIN_DEMO_URL: 'http://127.0.0.1:1' },
    });
    expect(full).toEqual({
      layers: [layerZipOf(app)],
      handler: '/var/task/other.mjs',
      functionName: 'demo-e2e',
      env: {},
      region: 'eu-west-1',
      nodePath: '/opt/node20/bin/node',
    });
  });
});
