import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import { FIXTURES, makeLayerDir, readRecords, tempDir } from './helpers.js';

const BOOTSTRAP = join(FIXTURES, 'py-bootstrap');
const PY_EXTENSION = join(FIXTURES, 'py-extension');

describe('a bootstrap runtime without Node.js', { timeout: 60_000 }, () => {
  it('runs a Python bootstrap and a Python extension with no node on any PATH', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'out.ndjson');
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      'py-ext': `#!/bin/sh\nexec python3 "${PY_EXTENSION}" "$0"\n`,
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: BOOTSTRAP,
      nodePath: 'none',
      shutdownBudgetMs: 10_000,
      env: { FIXTURE_OUT: out },
    });
    expect(sandbox.initReport.status).toBe('success');

    const results = [];
    for (let i = 0; i < 3; i += 1) {
      results.push(await sandbox.invoke({ lines: 4, tag: `inv${i}` }));
    }
    const shutdown = await sandbox.shutdown();

    expect(results.map((r) => r.status)).toEqual([
      'success',
      'success',
      'success',
    ]);
    expect(results[0]?.response).toEqual({
      ok: true,
      seen: { node: null, executionEnv: null, handler: 'py-bootstrap.handler' },
    });
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({ name: 'py-ext', exitCode: 0 }),
    ]);
    const records = await readRecords(out);
    expect(records.find((r) => r.kind === 'register')?.node).toBeNull();
    expect(
      records.filter((r) => r.kind === 'event').map((r) => r.eventType)
    ).toEqual(['INVOKE', 'INVOKE', 'INVOKE', 'SHUTDOWN']);
    const functionLines = records
      .flatMap((r) => (r.kind === 'body' ? (r.events as unknown[]) : []))
      .map((e) => e as { type: string; record: unknown })
      .filter((e) => e.type === 'function')
      .map((e) => e.record);
    const expected = ['bootstrap ready\n'];
    for (let i = 0; i < 3; i += 1) {
      for (let j = 0; j < 4; j += 1) expected.push(`inv${i} ${j}\n`);
    }
    expect(functionLines).toEqual(expected);
    expect(sandbox.extensionOutput).toEqual([
      '[py-ext] subscribed',
      '[py-ext] shutting down',
    ]);
  });

  it('fails Init with Runtime.InvalidEntrypoint for a bootstrap that cannot be executed', async () => {
    await using dir = await tempDir();
    const bootstrap = join(dir.path, 'bootstrap');
    await writeFile(bootstrap, '#!/bin/sh\necho never\n', { mode: 0o644 });
    await using sandbox = await startSandbox({
      layers: [],
      handler: bootstrap,
      nodePath: 'none',
    });

    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Runtime.InvalidEntrypoint',
    });
  });

  it('refuses a JS module handler when nodePath is none', async () => {
    await expect(
      startSandbox({
        layers: [],
        handler: join(FIXTURES, 'handler.mjs'),
        nodePath: 'none',
      })
    ).rejects.toThrow(
      /handler .*handler\.mjs runs in the Node\.js runtime client, but nodePath is 'none'/
    );
  });
});
