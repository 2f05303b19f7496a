import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import { FIXTURES, launcher, makeLayerDir, tempDir } from './helpers.js';

const ENV_EXTENSION = join(FIXTURES, 'env-extension.mjs');

/** A `node` that says it is v22.99.0 and runs this Node.js otherwise. */
async function fakeNode22(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'node');
  await writeFile(
    path,
    `#!/bin/sh\nif [ "$1" = --version ]; then echo v22.99.0; exit 0; fi\nexec "${process.execPath}" "$@"\n`
  );
  await chmod(path, 0o755);
  return path;
}

describe('nodePath', { timeout: 60_000 }, () => {
  it('runs the runtime with the given binary, first on every PATH, and names its major version', async () => {
    await using dir = await tempDir();
    const nodePath = await fakeNode22(join(dir.path, 'node22', 'bin'));
    const out = join(dir.path, 'env.json');
    const handler = join(dir.path, 'task', 'index.mjs');
    await mkdir(join(dir.path, 'task'));
    await writeFile(
      handler,
      'export const handler = async () => ({ env: process.env, argv0: process.argv0, version: process.version });\n'
    );
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      envdump: launcher(ENV_EXTENSION, { FIXTURE_OUT: out }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler,
      nodePath,
    });

    const result = await sandbox.invoke({});
    await sandbox.shutdown();

    const seen = result.response as { env: Record<string, string> };
    expect(seen.env.AWS_EXECUTION_ENV).toBe('AWS_Lambda_nodejs22.x');
    expect(seen.env.PATH?.split(':')[0]).toBe(join(dir.path, 'node22', 'bin'));
    const ext = JSON.parse(await readFile(out, 'utf8')) as {
      env: Record<string, string>;
    };
    expect(ext.env.PATH?.split(':')[0]).toBe(join(dir.path, 'node22', 'bin'));
    const initStart = sandbox.events.find(
      (e) => e.type === 'platform.initStart'
    );
    expect(initStart?.record).toMatchObject({
      runtimeVersion: 'nodejs:22.sandbox',
    });
  });

  it('refuses a nodePath that is not a Node.js binary, naming it', async () => {
    await expect(
      startSandbox({
        layers: [],
        handler: join(FIXTURES, 'handler.mjs'),
        nodePath: '/bin/false',
      })
    ).rejects.toThrow(/nodePath \/bin\/false could not be run/);
  });
});
