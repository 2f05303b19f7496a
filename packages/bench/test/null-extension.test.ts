import { fileURLToPath } from 'node:url';
import { startSandbox } from '@logdrain/sandbox';
import { describe, expect, it } from 'vitest';
import { telemetryLines } from '../src/targets/null-target.js';

const NULL_LAYER = fileURLToPath(
  new URL('../fixtures/null-layer', import.meta.url)
);
const HANDLER = fileURLToPath(
  new URL('../fixtures/lines-handler.mjs', import.meta.url)
);

describe('the null extension', () => {
  it('registers, subscribes, acknowledges every telemetry POST and exits at SHUTDOWN', async () => {
    await using sandbox = await startSandbox({
      layers: [NULL_LAYER],
      handler: HANDLER,
    });

    const first = await sandbox.invoke({ tag: 'n1', lines: 300 });
    const second = await sandbox.invoke({ tag: 'n2', lines: 5 });
    const shutdown = await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect([first.status, second.status]).toEqual(['success', 'success']);
    const calls = sandbox.apiCalls.map(
      (c) => `${c.method} ${c.path} ${c.status}`
    );
    expect(calls.slice(0, 3)).toEqual([
      'POST /2020-01-01/extension/register 200',
      'PUT /2022-07-01/telemetry 200',
      'GET /2020-01-01/extension/event/next 200',
    ]);
    expect(
      sandbox.apiCalls.every((c) => c.extension === 'null-extension')
    ).toBe(true);
    expect(sandbox.deliveries.length).toBeGreaterThan(0);
    expect(sandbox.deliveries.every((d) => d.status === 200)).toBe(true);
    expect(telemetryLines(sandbox, 'n1')).toBe(300);
    expect(telemetryLines(sandbox, 'n2')).toBe(5);
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: 'null-extension',
        exitCode: 0,
        beforeDeadline: true,
      }),
    ]);
  });

  it('is one process whose start the sandbox times', async () => {
    await using sandbox = await startSandbox({
      layers: [NULL_LAYER],
      handler: HANDLER,
    });

    const [stats] = sandbox.extensionStats;

    expect(sandbox.extensionStats).toHaveLength(1);
    expect(stats?.name).toBe('null-extension');
    expect(stats?.registeredAtMs).toBeGreaterThanOrEqual(
      stats?.spawnedAtMs ?? Infinity
    );
    expect(stats?.firstNextAtMs).toBeGreaterThanOrEqual(
      stats?.registeredAtMs ?? Infinity
    );
  });
});
