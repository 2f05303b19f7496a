import { writeFile } from 'node:fs/promises';
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

// Waits until `wait` invokes run at once (or 10 s), then answers with the
// most it saw at once and its AWS_LAMBDA_MAX_CONCURRENCY.
const CONCURRENT_HANDLER = `
let running = 0;
let peak = 0;
export const handler = async (event) => {
  running += 1;
  peak = Math.max(peak, running);
  const until = Date.now() + 10_000;
  while (peak < event.wait && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  console.log('done ' + event.n);
  running -= 1;
  return { peak, maxConcurrency: process.env.AWS_LAMBDA_MAX_CONCURRENCY };
};
`;

describe('Lambda Managed Instances mode', { timeout: 60_000 }, () => {
  it('refuses INVOKE registration with 403 Extension.InvalidEventType and a Telemetry schema other than 2025-01-29', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'out.ndjson');
    // Separate environments: the refused extension fails its Init.
    for (const [name, events] of [
      ['both', '["INVOKE","SHUTDOWN"]'],
      ['old', '["SHUTDOWN"]'],
    ] as const) {
      const layer = await makeLayerDir(join(dir.path, name), {
        [name]: launcher(RECORDER, {
          FIXTURE_OUT: out,
          FIXTURE_EVENTS: events,
        }),
      });
      await using sandbox = await startSandbox({
        layers: [layer],
        handler: HANDLER,
        mode: 'managed-instances',
      });
      await sandbox.shutdown();
    }

    const entries = await readRecords(out);
    const of = (name: string, kind: string) =>
      entries.find((e) => e.name === name && e.kind === kind);
    expect(of('both', 'register')).toMatchObject({
      status: 403,
      body: { errorType: 'Extension.InvalidEventType' },
    });
    expect(of('old', 'register')).toMatchObject({ status: 200 });
    expect(of('old', 'subscribe')).toMatchObject({
      status: 400,
      body: { errorType: 'ValidationError' },
    });
  });

  it('runs invokes at once in one runtime, without runtimeDone, for a SHUTDOWN-only extension', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'out.ndjson');
    const handler = join(dir.path, 'task', 'index.mjs');
    await makeLayerDir(join(dir.path, 'task'), {});
    await writeFile(handler, CONCURRENT_HANDLER);
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      watcher: launcher(RECORDER, {
        FIXTURE_OUT: out,
        FIXTURE_EVENTS: '["SHUTDOWN"]',
        FIXTURE_SHUTDOWN_WAIT_MS: '2000',
        FIXTURE_SUBSCRIBE:
          '{"schemaVersion":"2025-01-29","types":["platform","function"],"buffering":{"maxItems":1000,"maxBytes":262144,"timeoutMs":25}}',
      }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler,
      mode: 'managed-instances',
      maxConcurrency: 3,
      timeoutMs: 20_000,
      shutdownBudgetMs: 5_000,
    });

    const results = await Promise.all(
      [0, 1, 2].map((n) => sandbox.invoke({ wait: 3, n }))
    );
    await sandbox.shutdown();

    expect(results.map((r) => r.status)).toEqual([
      'success',
      'success',
      'success',
    ]);
    expect(results.map((r) => r.response)).toEqual(
      [0, 1, 2].map(() => ({ peak: 3, maxConcurrency: '3' }))
    );
    const types = sandbox.events.map((e) => e.type);
    expect(types.filter((t) => t === 'platform.runtimeDone')).toEqual([]);
    expect(types.filter((t) => t === 'platform.report')).toHaveLength(3);
    const initStart = sandbox.events.find(
      (e) => e.type === 'platform.initStart'
    );
    expect(initStart?.record).toMatchObject({
      initializationType: 'lambda-managed-instances',
    });
    const report = sandbox.events.find((e) => e.type === 'platform.report');
    expect(report?.record).toMatchObject({
      status: 'success',
      metrics: { durationMs: expect.any(Number) },
      spans: [{ name: 'responseLatency' }, { name: 'responseDuration' }],
    });
    const metrics = (report?.record as { metrics?: object } | undefined)
      ?.metrics;
    expect(Object.keys(metrics ?? {})).toEqual(['durationMs']);
    // Each line carries the request id of the invoke that wrote it.
    for (const [n, result] of results.entries()) {
      expect(sandbox.functionOutput).toContainEqual(
        expect.stringMatching(
          new RegExp(`\\t${result.requestId}\\tINFO\\tdone ${n}$`)
        )
      );
    }
    const [stats] = sandbox.subscriptions;
    expect(stats?.schemaVersion).toBe('2025-01-29');
    expect(stats?.delivered.function).toBe(sandbox.functionOutput.length);
    const events = (await readRecords(out))
      .filter((e) => e.kind === 'event')
      .map((e) => (e.body as { eventType: string }).eventType);
    expect(events).toEqual(['SHUTDOWN']);
  });
});
