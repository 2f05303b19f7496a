import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import {
  HANDLER,
  launcher,
  makeLayerDir,
  RECORDER,
  readRecords,
  tempDir,
} from './helpers.js';

type Event = { type: string; record: unknown };

/** Events of the 2xx deliveries to one subscriber. */
function delivered(sandbox: Sandbox, subscriber: string): Event[] {
  return sandbox.deliveries
    .filter((d) => d.subscriber === subscriber && d.status === 200)
    .flatMap((d) => d.events as Event[]);
}

describe('generated lines and paused delivery', { timeout: 60_000 }, () => {
  it('logs N lines of the given size per invoke through the built-in runtime and counts every record', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'out.ndjson');
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER, {
        FIXTURE_OUT: out,
        FIXTURE_SHUTDOWN_WAIT_MS: '2000',
      }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      shutdownBudgetMs: 5_000,
      lines: 40,
      lineBytes: 120,
    });

    await sandbox.invoke({ lines: 0 });
    await sandbox.invoke({ lines: 0 }, { lines: 7, lineBytes: 30 });
    await sandbox.shutdown();

    const messages = delivered(sandbox, 'recorder')
      .filter((e) => e.type === 'function')
      .map((e) => String(e.record).split('\t')[3] ?? '')
      .filter((m) => m.startsWith('sandbox line'));
    expect(messages).toHaveLength(47);
    expect(messages[0]).toBe(`sandbox line 1/40 ${'.'.repeat(102)}\n`);
    expect(messages.slice(0, 40).every((m) => m.length === 121)).toBe(true);
    expect(messages[46]).toBe(`sandbox line 7/7 ${'.'.repeat(13)}\n`);
    const bodies = (await readRecords(out)).filter((r) => r.kind === 'body');
    expect(bodies.length).toBeGreaterThan(0);

    const [stats] = sandbox.subscriptions;
    expect(stats).toMatchObject({
      subscriber: 'recorder',
      api: 'telemetry',
      protocol: 'HTTP',
      generation: 0,
      dropped: { platform: 0, function: 0, extension: 0 },
      buffered: { platform: 0, function: 0, extension: 0 },
    });
    expect(stats?.received.function).toBe(sandbox.functionOutput.length);
    expect(stats?.delivered.function).toBe(sandbox.functionOutput.length);
    expect(stats?.delivered.platform).toBe(
      delivered(sandbox, 'recorder').filter((e) => e.type !== 'function').length
    );
  });

  it('holds telemetry while paused, drops what overflows and reports it after resuming', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER, { FIXTURE_SHUTDOWN_WAIT_MS: '2000' }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      shutdownBudgetMs: 5_000,
      telemetryBufferMaxBytes: 64 * 1024,
    });
    await sandbox.invoke({ lines: 0 });

    sandbox.pauseDelivery('recorder');
    const pausedAtMs = Date.now();
    await sandbox.invoke({ lines: 0 }, { lines: 1_000, lineBytes: 200 });
    const resumedAtMs = Date.now();
    sandbox.resumeDelivery('recorder');
    await sandbox.invoke({ lines: 0 });
    await sandbox.shutdown();

    // A POST that started before the pause (held while the environment was
    // frozen) may finish during it; none may start while paused.
    expect(
      sandbox.deliveries.filter(
        (d) => d.atMs >= pausedAtMs && d.atMs < resumedAtMs
      )
    ).toEqual([]);
    const [stats] = sandbox.subscriptions;
    if (!stats) throw new Error('no subscription');
    const events = delivered(sandbox, 'recorder');
    const reports = events
      .filter((e) => e.type === 'platform.logsDropped')
      .map((e) => e.record as { droppedRecords: number });
    expect(reports.length).toBeGreaterThan(0);
    const droppedTotal =
      stats.dropped.platform + stats.dropped.function + stats.dropped.extension;
    expect(reports.reduce((sum, r) => sum + r.droppedRecords, 0)).toBe(
      droppedTotal
    );
    expect(stats.dropped.function).toBeGreaterThan(0);
    expect(stats.buffered).toEqual({ platform: 0, function: 0, extension: 0 });
    for (const stream of ['platform', 'function', 'extension'] as const) {
      expect(stats.received[stream]).toBe(
        stats.delivered[stream] + stats.dropped[stream]
      );
    }
    expect(stats.delivered.function).toBe(
      events.filter((e) => e.type === 'function').length
    );
    expect(stats.received.function).toBe(sandbox.functionOutput.length);
  });
});
