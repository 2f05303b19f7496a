import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/index.js';
import {
  FIXTURES,
  HANDLER,
  launcher,
  makeLayerDir,
  readRecords,
  tempDir,
} from '../helpers.js';

const MINIMAL = join(FIXTURES, 'minimal-extension.mjs');
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Event {
  time: string;
  type: string;
  record: unknown;
}

describe('an extension written without logdrain core (spec 4.1, 4.2, 4.5, 7.1)', {
  timeout: 60_000,
}, () => {
  it('registers, subscribes and receives every line and platform event of a real handler', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'minimal.ndjson');
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      minimal: launcher(MINIMAL, { MINIMAL_OUT: out }),
    });
    const sandbox = await startSandbox({ layers: [layer], handler: HANDLER });
    const invokes = [
      await sandbox.invoke({ tag: 'first', lines: 2 }),
      await sandbox.invoke({ tag: 'second', lines: 3 }),
      await sandbox.invoke({ tag: 'third', lines: 4 }),
    ];
    const shutdown = await sandbox.shutdown();
    await sandbox[Symbol.asyncDispose]();

    const entries = await readRecords(out);
    const events = entries
      .filter((e) => e.kind === 'telemetry')
      .flatMap((e) => e.events as Event[]);
    const ids = invokes.map((r) => r.requestId);
    expect(entries.filter((e) => e.kind !== 'telemetry')).toEqual([
      {
        kind: 'register',
        status: 200,
        body: JSON.stringify({
          functionName: 'sandbox-function',
          functionVersion: '$LATEST',
          handler: 'handler.handler',
        }),
      },
      { kind: 'subscribe', status: 200, body: '"OK"' },
      ...ids.map((requestId) => ({
        kind: 'event',
        status: 200,
        event: expect.objectContaining({ eventType: 'INVOKE', requestId }),
      })),
      {
        kind: 'event',
        status: 200,
        event: {
          eventType: 'SHUTDOWN',
          shutdownReason: 'spindown',
          deadlineMs: shutdown.deadlineMs,
        },
      },
      { kind: 'exit', missingReports: [] },
    ]);
    // Every POST went to the subscribed path.
    expect(
      new Set(entries.filter((e) => e.kind === 'telemetry').map((e) => e.path))
    ).toEqual(new Set(['/telemetry']));
    // Exactly the 10 lines the handler wrote, in order, in the Text format.
    const lines = events.filter((e) => e.type === 'function');
    const expected = [
      [undefined, 'static init done'],
      [ids[0], 'first 0'],
      [ids[0], 'first 1'],
      [ids[1], 'second 0'],
      [ids[1], 'second 1'],
      [ids[1], 'second 2'],
      [ids[2], 'third 0'],
      [ids[2], 'third 1'],
      [ids[2], 'third 2'],
      [ids[2], 'third 3'],
    ];
    expect(lines).toHaveLength(10);
    lines.forEach((line, n) => {
      const [requestId, message] = expected[n] as [string | undefined, string];
      expect(line.time).toMatch(ISO);
      expect(line.record).toBe(
        `${line.time}\t${requestId}\tINFO\t${message}\n`
      );
    });
    // Every platform event once, in the order of spec 7.1.
    expect(
      events
        .filter((e) => e.type !== 'function')
        .map((e) => [e.type, (e.record as { requestId?: string }).requestId])
    ).toEqual([
      ['platform.initStart', undefined],
      ['platform.telemetrySubscription', undefined],
      ['platform.initRuntimeDone', undefined],
      ['platform.extension', undefined],
      ['platform.initReport', undefined],
      ...ids.flatMap((id) => [
        ['platform.start', id],
        ['platform.runtimeDone', id],
        ['platform.report', id],
      ]),
    ]);
    const order = events.map((e) => e.type);
    expect(order.indexOf('function')).toBeGreaterThan(
      order.indexOf('platform.telemetrySubscription')
    );
    expect(order.indexOf('function')).toBeLessThan(
      order.indexOf('platform.initRuntimeDone')
    );
  });
});
