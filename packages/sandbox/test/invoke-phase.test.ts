import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import {
  HANDLER,
  launcher,
  makeLayerDir,
  RECORDER,
  tempDir,
} from './helpers.js';

async function layerWith(dir: string, extensions: Record<string, string>) {
  return makeLayerDir(join(dir, 'layer'), extensions);
}

describe('runInvoke', () => {
  it('reports a handler error as status error and keeps the environment', async () => {
    await using dir = await tempDir();
    const layer = await layerWith(dir.path, { recorder: launcher(RECORDER) });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const failed = await sandbox.invoke({ throwMessage: 'bad input' });
    const next = await sandbox.invoke({});

    expect(failed.status).toBe('error');
    expect(failed.error).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'bad input',
    });
    expect(failed.reset).toBeUndefined();
    expect(next.status).toBe('success');
    const done = sandbox.events.filter(
      (e) => e.type === 'platform.runtimeDone'
    );
    expect(done.map((e) => (e.record as { status: string }).status)).toEqual([
      'success',
      'success',
    ]);
  });

  it('measures postRuntimeMs from runtimeDone to the last extension next', async () => {
    await using dir = await tempDir();
    const layer = await layerWith(dir.path, {
      slow: launcher(RECORDER, {
        // Far longer than the handler takes even on a loaded machine, since
        // the extension's work starts with the handler's (both get INVOKE).
        FIXTURE_WORK_MS: '1000',
        FIXTURE_SUBSCRIBE: 'none',
      }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const result = await sandbox.invoke({});

    expect(result.postRuntimeMs).toBeGreaterThanOrEqual(500);
    const report = sandbox.events.find((e) => e.type === 'platform.report');
    const record = report?.record as
      | { spans: Array<{ name: string; durationMs: number }> }
      | undefined;
    const spans = record?.spans;
    expect(spans).toEqual([
      expect.objectContaining({
        name: 'extensionOverhead',
        durationMs: result.postRuntimeMs,
      }),
    ]);
  });
});
