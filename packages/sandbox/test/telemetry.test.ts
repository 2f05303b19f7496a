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

describe('Telemetry API delivery', () => {
  it('cuts a function record larger than maxBytes across two POSTs the extension can join', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'out.ndjson');
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER, { FIXTURE_OUT: out }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });
    const huge = 'x'.repeat(300_000);

    await sandbox.invoke({ lines: 0, raw: huge });
    await sandbox.shutdown();

    const parts = sandbox.deliveries.filter((d) => d.part !== undefined);
    expect(parts.map((d) => [d.part, d.status, d.bytes === 262_144])).toEqual([
      ['first', 200, true],
      ['last', 200, false],
    ]);
    const bodies = (await readRecords(out))
      .filter((r) => r.kind === 'body')
      .map((r) => r.body as string);
    const index = bodies.findIndex((b) => b.length === 262_144);
    expect(() => JSON.parse(bodies[index] as string)).toThrow();
    const joined = JSON.parse(`${bodies[index]}${bodies[index + 1]}`) as Array<{
      type: string;
      record: string;
    }>;
    expect(joined).toEqual([
      { time: expect.any(String), type: 'function', record: `${huge}\n` },
    ]);
  });

  it('drops what the buffer cannot hold while the listener fails and reports it with platform.logsDropped', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER, { FIXTURE_STATUSES: '500,500,500' }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      telemetryBufferMaxBytes: 64 * 1024,
    });

    await sandbox.invoke({ lines: 2_000, sleepMs: 1_500 });
    await sandbox.shutdown();

    const delivered = sandbox.deliveries
      .filter((d) => d.status === 200)
      .flatMap((d) => d.events as Array<{ type: string; record: unknown }>);
    const dropped = delivered.filter((e) => e.type === 'platform.logsDropped');
    expect(dropped).toHaveLength(1);
    const record = dropped[0]?.record as { droppedRecords: number } | undefined;
    const droppedRecords = record?.droppedRecords ?? 0;
    expect(droppedRecords).toBeGreaterThan(0);
    const lines = delivered.filter((e) => e.type === 'function');
    expect(lines.length + droppedRecords).toBe(1 + 2_000);
    expect(sandbox.deliveries.filter((d) => d.status === 500)).toHaveLength(3);
  });

  it('replays Init events to a subscriber with the types it asked for', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      functions: launcher(RECORDER, {
        FIXTURE_SUBSCRIBE:
          '{"schemaVersion":"2022-07-01","types":["function"],"buffering":{"timeoutMs":25}}',
      }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      logFormat: 'JSON',
    });

    await sandbox.invoke({ tag: 'old-schema', lines: 1 });
    await sandbox.shutdown();

    const events = sandbox.deliveries
      .filter((d) => d.status === 200)
      .flatMap((d) => d.events as Array<{ type: string; record: unknown }>);
    expect(events.map((e) => e.type)).toEqual(['function', 'function']);
    expect(events.map((e) => typeof e.record)).toEqual(['string', 'string']);
    expect(JSON.parse(events[1]?.record as string)).toMatchObject({
      level: 'INFO',
      message: 'old-schema 0',
    });
  });

  it('writes NDJSON to a TCP subscriber', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'out.ndjson');
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER, {
        FIXTURE_OUT: out,
        FIXTURE_PROTOCOL: 'TCP',
        FIXTURE_SUBSCRIBE:
          '{"schemaVersion":"2025-01-29","types":["platform"],"buffering":{"timeoutMs":25}}',
      }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    await sandbox.invoke({});
    await sandbox.shutdown();

    const lines = (await readRecords(out)).filter((r) => r.kind === 'line');
    const types = lines.map(
      (r) => (JSON.parse(r.body as string) as { type: string }).type
    );
    expect(types).toEqual([
      'platform.initStart',
      'platform.telemetrySubscription',
      'platform.initRuntimeDone',
      'platform.extension',
      'platform.initReport',
      'platform.start',
      'platform.runtimeDone',
      'platform.report',
    ]);
  });
});
