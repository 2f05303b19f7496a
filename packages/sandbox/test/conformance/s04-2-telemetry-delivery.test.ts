import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, HANDLER } from '../helpers.js';
import { startHeldEnvironment } from './support/held-environment.js';
import { subscribeHeld, subscription } from './support/subscribed-extension.js';
import {
  startTelemetryListener,
  waitFor,
} from './support/telemetry-listener.js';

const WAITING = join(FIXTURES, 'waiting-handler.mjs');

/** A sandbox with one held extension subscribed to the test's listener. */
async function subscribedEnvironment(opts: {
  body: (ports: { http: number; tcp: number }) => object;
  handler?: string;
  /** At SHUTDOWN, wait for a platform.report before exiting. */
  awaitReport?: boolean;
}) {
  const listener = await startTelemetryListener();
  const env = await startHeldEnvironment({
    extensions: ['shipper'],
    handler: opts.handler ?? HANDLER,
  });
  const ext = await subscribeHeld(
    await env.extension('shipper'),
    opts.body({ http: listener.httpPort, tcp: listener.tcpPort }),
    {
      beforeExit: () =>
        opts.awaitReport
          ? waitFor(
              () => listener.events().some((e) => e.type === 'platform.report'),
              'platform.report'
            )
          : Promise.resolve(),
    }
  );
  const sandbox = await env.started;
  return {
    listener,
    sandbox,
    ext,
    [Symbol.asyncDispose]: async () => {
      await env[Symbol.asyncDispose]();
      await listener[Symbol.asyncDispose]();
    },
  };
}

describe('spec 4.2 Delivery', { timeout: 60_000 }, () => {
  it('POSTs a JSON array with Content-Type application/json to the subscribed path, Host as subscribed', async () => {
    await using t = await subscribedEnvironment({
      body: (p) =>
        subscription({ port: p.http, types: ['platform'], path: '/in/t?x=1' }),
    });

    await t.sandbox.invoke({});
    await t.sandbox.shutdown();

    expect(t.ext.subscribe.status).toBe(200);
    expect(t.listener.posts.length).toBeGreaterThan(0);
    for (const post of t.listener.posts) {
      expect(post.method).toBe('POST');
      expect(post.path).toBe('/in/t?x=1');
      expect(post.headers['content-type']).toBe('application/json');
      expect(post.headers.host).toBe(
        `sandbox.localdomain:${t.listener.httpPort}`
      );
      expect(Array.isArray(JSON.parse(post.text))).toBe(true);
    }
  });

  it('batches by maxItems: 2,501 lines with maxItems 1,000 arrive as 1,000, 1,000 and 501', async () => {
    await using t = await subscribedEnvironment({
      body: (p) =>
        subscription({
          port: p.http,
          types: ['function'],
          buffering: {
            maxItems: 1_000,
            maxBytes: 1_048_576,
            timeoutMs: 30_000,
          },
        }),
    });

    await t.sandbox.invoke({ lines: 2_500 });
    await t.sandbox.shutdown();

    expect(t.listener.posts.map((p) => JSON.parse(p.text).length)).toEqual([
      1_000, 1_000, 501,
    ]);
    const records = t.listener.events().map((e) => e.record as string);
    expect(records[0]).toMatch(/\tINFO\tstatic init done\n$/);
    expect(records.slice(1).map((r) => r.split('\t')[3])).toEqual(
      Array.from({ length: 2_500 }, (_, n) => `line ${n}\n`)
    );
  });

  it('batches by maxBytes: a batch closes with the record that reaches maxBytes', async () => {
    await using t = await subscribedEnvironment({
      body: (p) =>
        subscription({
          port: p.http,
          types: ['function'],
          buffering: { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 30_000 },
        }),
    });

    await t.sandbox.invoke({ lines: 6_000 });
    await t.sandbox.shutdown();

    const bodies = t.listener.posts.map((p) => p.text);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies.slice(0, -1)) {
      const events = JSON.parse(body) as unknown[];
      const withoutLast = JSON.stringify(events.slice(0, -1));
      expect(Buffer.byteLength(body)).toBeGreaterThanOrEqual(262_144);
      expect(Buffer.byteLength(withoutLast)).toBeLessThan(262_144);
    }
    expect(t.listener.events()).toHaveLength(6_001);
  });

  it('batches by timeoutMs: a lone line reaches the listener while the invoke still runs', async () => {
    await using t = await subscribedEnvironment({
      handler: WAITING,
      body: (p) =>
        subscription({
          port: p.http,
          types: ['function'],
          buffering: { maxItems: 10_000, maxBytes: 1_048_576, timeoutMs: 25 },
        }),
    });

    // The handler only returns once the listener got its line.
    const result = await t.sandbox.invoke({
      line: 'early bird',
      waitUrl: t.listener.waitUrl('early bird'),
    });

    expect(result.status).toBe('success');
    const delivery = t.sandbox.deliveries.find((d) =>
      JSON.stringify(d.events).includes('early bird')
    );
    expect(delivery).toMatchObject({ status: 200, phase: 'invoke' });
  });

  it('retries a failed POST with the same body until a 2xx', async () => {
    await using t = await subscribedEnvironment({
      body: (p) => subscription({ port: p.http, types: ['platform'] }),
      awaitReport: true,
    });
    const before = t.listener.posts.length;
    t.listener.answers.push(500, 503, 429);

    await t.sandbox.invoke({});
    await t.sandbox.shutdown();

    const retried = t.listener.posts.slice(before, before + 4);
    expect(new Set(retried.map((p) => p.text)).size).toBe(1);
    const statuses = t.sandbox.deliveries.map((d) => d.status);
    expect(
      statuses.slice(statuses.indexOf(500), statuses.indexOf(500) + 4)
    ).toEqual([500, 503, 429, 200]);
    // Nothing lost: every platform event arrived once.
    const types = t.listener.events().map((e) => e.type);
    expect(types.filter((type) => type === 'platform.report')).toHaveLength(1);
  });

  it('writes one JSON event per line (NDJSON) to a TCP subscriber', async () => {
    await using t = await subscribedEnvironment({
      body: (p) =>
        subscription({ port: p.tcp, types: ['platform'], protocol: 'TCP' }),
    });

    const result = await t.sandbox.invoke({});
    await t.sandbox.shutdown();
    await waitFor(
      () => t.listener.lines.some((l) => l.includes('platform.report')),
      'the report over TCP'
    );

    const events = t.listener.lines.map(
      (l) => JSON.parse(l) as { type: string; record: { requestId?: string } }
    );
    expect(t.listener.posts).toEqual([]);
    expect(events.map((e) => e.type)).toEqual([
      'platform.initStart',
      'platform.telemetrySubscription',
      'platform.initRuntimeDone',
      'platform.extension',
      'platform.initReport',
      'platform.start',
      'platform.runtimeDone',
      'platform.report',
    ]);
    expect(events.at(-1)?.record.requestId).toBe(result.requestId);
  });
});
