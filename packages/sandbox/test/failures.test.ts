import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import {
  HANDLER,
  launcher,
  makeLayerDir,
  RECORDER,
  readRecords,
  tempDir,
} from './helpers.js';

async function layerWith(dir: string, extensions: Record<string, string>) {
  return makeLayerDir(join(dir, 'layer'), extensions);
}

describe('failures and resets', () => {
  it('times out an invoke, resets with SHUTDOWN reason timeout and re-initialises', async () => {
    await using dir = await tempDir();
    const layer = await layerWith(dir.path, { recorder: launcher(RECORDER) });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      timeoutMs: 300,
    });

    const timedOut = await sandbox.invoke({ sleepMs: 5_000 });
    const after = await sandbox.invoke({});

    expect(timedOut.status).toBe('timeout');
    expect(timedOut.reset?.reason).toBe('timeout');
    expect(timedOut.reset?.extensions).toEqual([
      expect.objectContaining({ name: 'recorder', exitCode: 0 }),
    ]);
    const records = (type: string) =>
      sandbox.events
        .filter((e) => e.type === type)
        .map((e) => e.record as Record<string, unknown>);
    expect(records('platform.runtimeDone')[0]).toMatchObject({
      requestId: timedOut.requestId,
      status: 'timeout',
    });
    expect(records('platform.report')[0]).toMatchObject({
      requestId: timedOut.requestId,
      status: 'timeout',
    });
    expect(records('platform.initStart').map((r) => r.phase)).toEqual([
      'init',
      'invoke',
    ]);
    expect(after.status).toBe('success');
  });

  it('times out an invoke whose extension does not call next, after the response', async () => {
    await using dir = await tempDir();
    const layer = await layerWith(dir.path, {
      busy: launcher(RECORDER, {
        FIXTURE_WORK_MS: '5000',
        FIXTURE_SUBSCRIBE: 'none',
      }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      timeoutMs: 500,
    });
    const startMs = Date.now();

    const result = await sandbox.invoke({ tag: 'answered' });

    expect(result).toMatchObject({
      status: 'timeout',
      response: { ok: true, tag: 'answered' },
    });
    expect(result.responseAtMs).toBeLessThan(startMs + 400);
    expect(result.reset?.reason).toBe('timeout');
    const done = sandbox.events.find((e) => e.type === 'platform.runtimeDone');
    const report = sandbox.events.find((e) => e.type === 'platform.report');
    expect(done?.record).toMatchObject({ status: 'success' });
    expect(report?.record).toMatchObject({ status: 'timeout' });
  });

  it('reports a runtime crash as Runtime.ExitError with reason failure', async () => {
    await using dir = await tempDir();
    const layer = await layerWith(dir.path, { recorder: launcher(RECORDER) });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const crashed = await sandbox.invoke({ exitCode: 7 });

    expect(crashed).toMatchObject({
      status: 'failure',
      errorType: 'Runtime.ExitError',
    });
    expect(crashed.reset?.reason).toBe('failure');
    const report = sandbox.events.find((e) => e.type === 'platform.report');
    expect(report?.record).toMatchObject({
      status: 'error',
      errorType: 'Runtime.ExitError',
    });
  });

  it('reports an extension crash during an invoke as Extension.Crash', async () => {
    await using dir = await tempDir();
    const layer = await layerWith(dir.path, {
      crasher: launcher(RECORDER, {
        FIXTURE_CRASH_ON_INVOKE: '1',
        FIXTURE_SUBSCRIBE: 'none',
      }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const result = await sandbox.invoke({ sleepMs: 200 });

    expect(result).toMatchObject({
      status: 'failure',
      errorType: 'Extension.Crash',
    });
    const report = sandbox.events.find((e) => e.type === 'platform.report');
    expect(report?.record).toMatchObject({
      status: 'error',
      errorType: 'Extension.Crash',
    });
  });

  it('fails the invoke with Extension.ExitError when an extension reports an exit error', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'out.ndjson');
    const layer = await layerWith(dir.path, {
      quitter: launcher(RECORDER, {
        FIXTURE_OUT: out,
        FIXTURE_EXIT_ERROR_ON_INVOKE: '1',
        FIXTURE_SUBSCRIBE: 'none',
      }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const result = await sandbox.invoke({ sleepMs: 200 });

    expect(result).toMatchObject({
      status: 'failure',
      errorType: 'Extension.ExitError',
    });
    expect(result.reset?.reason).toBe('failure');
    const records = await readRecords(out);
    expect(
      records.filter((r) => r.kind !== 'register' && r.kind !== 'event')
    ).toEqual([
      {
        name: 'quitter',
        kind: 'exit-error',
        status: 202,
        body: { status: 'OK' },
      },
      {
        name: 'quitter',
        kind: 'next-after-exit-error',
        status: 403,
        body: {
          errorType: 'Extension.InvalidExtensionState',
          errorMessage: 'quitter is ExitError',
        },
      },
    ]);
  });
});
