import { describe, expect, it } from 'vitest';
import { HANDLER } from '../helpers.js';
import { startHeldEnvironment } from './support/held-environment.js';
import { subscribeHeld, subscription } from './support/subscribed-extension.js';
import {
  startTelemetryListener,
  waitFor,
} from './support/telemetry-listener.js';

const DROPPED_REASON =
  'Some logs were dropped because the downstream consumer is slower than the logs production rate';

describe('spec 4.3 Memory, back-pressure and dropping; 4.2 a record larger than maxBytes', {
  timeout: 60_000,
}, () => {
  it('drops what overflows the buffer while the listener fails and reports every dropped record in platform.logsDropped', async () => {
    await using listener = await startTelemetryListener();
    await using env = await startHeldEnvironment({
      extensions: ['shipper'],
      handler: HANDLER,
      sandbox: { telemetryBufferMaxBytes: 64 * 1024, shutdownBudgetMs: 10_000 },
    });
    const LINES = 2_000;
    // Every line either arrived or was counted as dropped.
    const accounted = () => {
      const events = listener.events();
      const lines = events.filter((e) => e.type === 'function').length;
      const dropped = events
        .filter((e) => e.type === 'platform.logsDropped')
        .reduce(
          (sum, e) =>
            sum + (e.record as { droppedRecords: number }).droppedRecords,
          0
        );
      return lines + dropped;
    };
    await subscribeHeld(
      await env.extension('shipper'),
      // platform.logsDropped comes whatever the types (spec 4.3).
      subscription({ port: listener.httpPort, types: ['function'] }),
      {
        beforeExit: () =>
          waitFor(
            () => accounted() >= LINES + 1,
            'every line delivered or counted'
          ),
      }
    );
    const sandbox = await env.started;
    listener.answers.push(500, 500, 500);

    await sandbox.invoke({ lines: LINES });
    await sandbox.shutdown();

    const drops = listener
      .events()
      .filter((e) => e.type === 'platform.logsDropped')
      .map((e) => e.record as Record<string, unknown>);
    expect(drops.length).toBeGreaterThan(0);
    for (const drop of drops) {
      expect(drop).toEqual({
        droppedBytes: expect.any(Number),
        droppedRecords: expect.any(Number),
        reason: DROPPED_REASON,
      });
      expect(drop.droppedRecords).toBeGreaterThan(0);
      expect(drop.droppedBytes).toBeGreaterThan(drop.droppedRecords as number);
    }
    // The static init line plus every handler line, each exactly once.
    expect(accounted()).toBe(LINES + 1);
    expect(sandbox.deliveries.filter((d) => d.status === 500)).toHaveLength(3);
  });

  it('cuts a record larger than maxBytes across two POSTs whose bodies join into the event', async () => {
    await using listener = await startTelemetryListener();
    await using env = await startHeldEnvironment({
      extensions: ['shipper'],
      handler: HANDLER,
    });
    const huge = 'x'.repeat(300_000);
    await subscribeHeld(
      await env.extension('shipper'),
      subscription({
        port: listener.httpPort,
        types: ['function'],
        buffering: { maxBytes: 262_144, timeoutMs: 25 },
      }),
      {
        beforeExit: () =>
          waitFor(() => {
            const first = listener.posts.findIndex(
              (p) => Buffer.byteLength(p.text) === 262_144
            );
            return first >= 0 && listener.posts.length > first + 1;
          }, 'the second part'),
      }
    );
    const sandbox = await env.started;

    await sandbox.invoke({ lines: 0, raw: huge });
    await sandbox.shutdown();

    const index = listener.posts.findIndex(
      (p) => Buffer.byteLength(p.text) === 262_144
    );
    const [first, second] = listener.posts.slice(index, index + 2);
    expect(() => JSON.parse(first?.text ?? '')).toThrow();
    expect(JSON.parse(`${first?.text}${second?.text}`)).toEqual([
      { time: expect.any(String), type: 'function', record: `${huge}\n` },
    ]);
  });
});
