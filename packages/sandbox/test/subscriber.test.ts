import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FreezableScheduler } from '../src/scheduler.js';
import { Subscriber, type SubscriberOptions } from '../src/subscriber.js';
import type { Delivery } from '../src/types.js';

interface Listener extends AsyncDisposable {
  port: number;
  bodies: string[];
  replies: number[];
}

/** A real listener answering with `replies` in order, then 200. */
async function startListener(replies: number[] = []): Promise<Listener> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(replies.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    bodies,
    replies,
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function makeSubscriber(
  port: number,
  overrides: Partial<SubscriberOptions> = {}
) {
  const deliveries: Delivery[] = [];
  const subscriber = new Subscriber({
    name: 'test',
    protocol: 'HTTP',
    port,
    path: '/in',
    hostHeader: `sandbox.localdomain:${port}`,
    method: 'POST',
    maxItems: 1000,
    maxBytes: 262_144,
    timeoutMs: 25,
    bufferMaxBytes: 8 * 1024 * 1024,
    attemptTimeoutMs: 5_000,
    droppedReason: 'too slow',
    scheduler: new FreezableScheduler(),
    phase: () => 'invoke',
    onDelivery: (d) => deliveries.push(d),
    ...overrides,
  });
  return { subscriber, deliveries };
}

const event = (n: number, size = 10) => ({
  time: 't',
  type: 'function',
  record: `${n}`.padEnd(size, '.'),
});

describe('Subscriber', () => {
  it('cuts batches at maxItems', async () => {
    await using listener = await startListener();
    const { subscriber } = makeSubscriber(listener.port);

    for (let n = 0; n < 2500; n += 1) subscriber.push(event(n));
    await subscriber.whenIdle();
    subscriber.stop();

    expect(
      listener.bodies.map((b) => (JSON.parse(b) as unknown[]).length)
    ).toEqual([1000, 1000, 500]);
  });

  it('keeps the record that crosses maxBytes in the batch', async () => {
    await using listener = await startListener();
    const { subscriber } = makeSubscriber(listener.port);
    const size = 100_000;

    for (let n = 0; n < 4; n += 1) subscriber.push(event(n, size));
    await subscriber.whenIdle();
    subscriber.stop();

    expect(
      listener.bodies.map((b) => (JSON.parse(b) as unknown[]).length)
    ).toEqual([3, 1]);
  });

  it('cuts a record larger than maxBytes across two POSTs', async () => {
    await using listener = await startListener();
    const { subscriber, deliveries } = makeSubscriber(listener.port);
    const big = event(1, 300_000);

    subscriber.push(event(0));
    subscriber.push(big);
    subscriber.push(event(2));
    await subscriber.whenIdle();
    subscriber.stop();

    expect(listener.bodies).toHaveLength(4);
    expect(JSON.parse(listener.bodies[0] as string)).toEqual([event(0)]);
    expect(Buffer.byteLength(listener.bodies[1] as string)).toBe(262_144);
    expect(() => JSON.parse(listener.bodies[1] as string)).toThrow();
    expect(JSON.parse(`${listener.bodies[1]}${listener.bodies[2]}`)).toEqual([
      big,
    ]);
    expect(JSON.parse(listener.bodies[3] as string)).toEqual([event(2)]);
    expect(deliveries.map((d) => [d.part, d.events.length])).toEqual([
      [undefined, 1],
      ['first', 0],
      ['last', 1],
      [undefined, 1],
    ]);
  });

  it('retries a failed POST with the same batch and keeps one in flight', async () => {
    await using listener = await startListener([500, 503]);
    const { subscriber, deliveries } = makeSubscriber(listener.port);

    subscriber.push(event(0));
    await new Promise((resolve) => setTimeout(resolve, 30));
    subscriber.push(event(1));
    await subscriber.whenIdle();
    subscriber.stop();

    expect(deliveries.map((d) => d.status)).toEqual([500, 503, 200, 200]);
    expect(listener.bodies.slice(0, 3).map((b) => JSON.parse(b))).toEqual([
      [event(0)],
      [event(0)],
      [event(0)],
    ]);
    expect(JSON.parse(listener.bodies[3] as string)).toEqual([event(1)]);
  });

  it('drops records beyond the buffer and reports them with platform.logsDropped', async () => {
    await using listener = await startListener();
    const { subscriber } = makeSubscriber(listener.port, {
      bufferMaxBytes: 1_000,
    });
    const bytes = JSON.stringify(event(0, 100)).length;

    for (let n = 0; n < 20; n += 1) subscriber.push(event(n, 100));
    await subscriber.whenIdle();
    subscriber.stop();

    const received = listener.bodies.flatMap(
      (b) => JSON.parse(b) as Array<{ type: string; record: unknown }>
    );
    const kept = Math.floor(1_000 / bytes);
    expect(received.filter((e) => e.type === 'function')).toHaveLength(kept);
    expect(
      received
        .filter((e) => e.type === 'platform.logsDropped')
        .map((e) => e.record)
    ).toEqual([
      {
        droppedBytes: (20 - kept) * bytes,
        droppedRecords: 20 - kept,
        reason: 'too slow',
      },
    ]);
  });

  it('sends nothing while frozen and delivers at the thaw', async () => {
    await using listener = await startListener();
    const scheduler = new FreezableScheduler();
    const { subscriber } = makeSubscriber(listener.port, { scheduler });

    scheduler.freeze();
    subscriber.push(event(0));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const whileFrozen = listener.bodies.length;
    scheduler.thaw();
    subscriber.schedulePump();
    await subscriber.whenIdle();
    subscriber.stop();

    expect(whileFrozen).toBe(0);
    expect(listener.bodies).toHaveLength(1);
  });
});
