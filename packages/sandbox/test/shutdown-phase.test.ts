import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import {
  FIXTURES,
  HANDLER,
  launcher,
  makeLayerDir,
  tempDir,
} from './helpers.js';

const STUBBORN = join(FIXTURES, 'stubborn-extension.mjs');

async function layerWith(dir: string, extensions: Record<string, string>) {
  return makeLayerDir(join(dir, 'layer'), extensions);
}

describe('runShutdown', () => {
  it('SIGKILLs an extension that is still running at the SHUTDOWN deadline', async () => {
    await using dir = await tempDir();
    const layer = await layerWith(dir.path, { stubborn: launcher(STUBBORN) });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      shutdownBudgetMs: 500,
    });
    await sandbox.invoke({});

    const shutdown = await sandbox.shutdown();

    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: 'stubborn',
        signal: 'SIGKILL',
        beforeDeadline: false,
      }),
    ]);
    expect(shutdown.extensions[0]?.exitedAtMs).toBeGreaterThanOrEqual(
      shutdown.deadlineMs
    );
    expect(sandbox.extensionOutput).toEqual(['got SHUTDOWN, not leaving']);
  });

  it('SIGKILLs at once an extension not registered for SHUTDOWN', async () => {
    await using dir = await tempDir();
    const layer = await layerWith(dir.path, {
      invoke_only: launcher(STUBBORN, { FIXTURE_EVENTS: '["INVOKE"]' }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });
    await sandbox.invoke({});

    const shutdown = await sandbox.shutdown();

    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: 'invoke_only',
        signal: 'SIGKILL',
        beforeDeadline: true,
      }),
    ]);
    expect(shutdown.extensions[0]?.exitedAtMs).toBeLessThan(
      shutdown.deadlineMs - 1_000
    );
  });
});
