import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../src/destination.js';
import { createExtensionsClient } from '../src/extensions-client.js';
import {
  createFlushPolicy,
  type FlushPolicySpec,
} from '../src/flush-policy.js';
import { createFlusher, type Flusher } from '../src/flusher.js';
import { idleUntilShutdown, runInvokeLoop } from '../src/invoke-loop.js';
import { createInvokeTracker } from '../src/invoke-tracker.js';
import type { LogEvent } from '../src/log-event.js';
import { createLossStats } from '../src/loss-stats.js';
import { createQueue } from '../src/queue.js';
import { createSender } from '../src/sender.js';
import { createRecordingLogger, makeEvent } from './event-helpers.js';
import {
  type Route,
  startRuntimeApiStandIn,
} from './support/runtime-api-stand-in.js';

// /event/next comes from a stand-in for the Runtime API (see the helper).

const REGISTER = 'POST /2020-01-01/extension/register';
const NEXT = 'GET /2020-01-01/extension/event/next';
const registered: Route = {
  status: 200,
  headers: { 'Lambda-Extension-Identifier': 'ext-1' },
  body: { functionName: 'f', functionVersion: '1', handler: 'h' },
};
const invoke =
  (requestId: string, timeoutMs = 3_000): Route =>
  () => ({
    status: 200,
    body: {
      eventType: 'INVOKE',
      requestId,
      deadlineMs: Date.now() + timeoutMs,
      invokedFunctionArn: 'arn',
    },
  });
const shutdown: Route = () => ({
  status: 200,
  body: {
    eventType: 'SHUTDOWN',
    shutdownReason: 'spindown',
    deadlineMs: Date.now() + 1_700,
  },
});

async function setup(
  spec: FlushPolicySpec,
  nextRoutes: Route[],
  gate: Promise<void> = Promise.resolve(),
  watch: (flusher: Flusher) => Flusher = (flusher) => flusher
) {
  const api = await startRuntimeApiStandIn({
    [REGISTER]: [registered],
    [NEXT]: nextRoutes,
  });
  const client = createExtensionsClient({ runtimeApi: api.runtimeApi });
  await client.register({ name: 'x', events: ['INVOKE', 'SHUTDOWN'] });
  const stats = createLossStats();
  const log = createRecordingLogger();
  const delivered: LogEvent[] = [];
  const destination: Destination = {
    name: 'memory',
    limits: { maxBatchBytes: 1_000_000, maxBatchItems: 100 },
    async send(batch) {
      await gate;
      delivered.push(...batch);
      return { status: 'delivered' };
    },
  };
  const queue = createQueue({
    maxBytes: 1_000_000,
    spillMaxBytes: 0,
    spillDir: tmpdir(),
    stats,
    log,
  });
  const flusher = watch(
    createFlusher({
      queue,
      sender: createSender({ destination, log, stats }),
      limits: destination.limits,
      log,
    })
  );
  const tracker = createInvokeTracker();
  const loop = () =>
    runInvokeLoop({
      client,
      policy: createFlushPolicy(spec),
      tracker,
      queue,
      flusher,
      log,
      telemetryActive: true,
      sleep: async () => undefined,
    });
  return {
    api,
    client,
    queue,
    tracker,
    delivered,
    log,
    loop,
    nextCalls: () =>
      api.calls.filter((c) => c.path.endsWith('/event/next')).length,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('runInvokeLoop', () => {
  it('waits for the invoke’s runtimeDone and flushes before /next on a cold start', async () => {
    let deliveredAtSecondNext = -1;
    const routes: Route[] = [];
    const ctx = await setup({ kind: 'adaptive' }, routes);
    routes.push(invoke('req-1'), () => {
      deliveredAtSecondNext = ctx.delivered.length;
      return (shutdown as () => never)();
    });
    setTimeout(() => {
      ctx.queue.push(makeEvent('late line', { requestId: 'req-1' }));
      ctx.tracker.observe(
        makeEvent('done', {
          type: 'platform.runtimeDone',
          stream: 'platform',
          requestId: 'req-1',
        })
      );
    }, 50);

    const event = await ctx.loop();
    await ctx.api.close();

    expect(event.eventType).toBe('SHUTDOWN');
    expect(deliveredAtSecondNext).toBe(1);
  });

  it('calls /next at once when the policy does not block, and flushes in the background', async () => {
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const routes: Route[] = [];
    const ctx = await setup(
      { kind: 'continuous', intervalMs: 100 },
      routes,
      gate
    );
    let deliveredAtSecondNext = -1;
    ctx.queue.push(makeEvent('queued before'));
    routes.push(invoke('req-1'), () => {
      deliveredAtSecondNext = ctx.delivered.length;
      openGate();
      return {
        ...(shutdown as () => { status: number; body: unknown })(),
        wait: delay(50),
      };
    });

    await ctx.loop();
    await ctx.api.close();

    expect(deliveredAtSecondNext).toBe(0);
    expect(ctx.delivered).toHaveLength(1);
  });

  it('runs its background timer only while something is queued', async () => {
    let ticks = 0;
    const counting = (flusher: Flusher): Flusher => ({
      flush: (opts) => flusher.flush(opts),
      abortRunning: () => flusher.abortRunning(),
      stopTaking: () => flusher.stopTaking(),
      get sentTotal() {
        return flusher.sentTotal;
      },
      get lastBatch() {
        return flusher.lastBatch;
      },
      get inFlight() {
        return flusher.inFlight;
      },
      backlogMs: () => flusher.backlogMs(),
      noteNext: () => flusher.noteNext(),
      // Every tick of the background timer asks this first.
      get idle() {
        ticks += 1;
        return flusher.idle;
      },
    });
    const phases: Record<string, number> = {};
    const routes: Route[] = [];
    const ctx = await setup(
      { kind: 'continuous', intervalMs: 100 },
      routes,
      Promise.resolve(),
      counting
    );
    routes.push(() => ({
      ...(shutdown as () => { status: number; body: unknown })(),
      wait: (async () => {
        await delay(350);
        phases.whileEmpty = ticks;
        ctx.queue.push(makeEvent('one line'));
        await delay(350);
        phases.afterDelivery = ticks;
        phases.delivered = ctx.delivered.length;
        await delay(350);
        phases.later = ticks;
      })(),
    }));

    await ctx.loop();
    await ctx.api.close();

    expect(phases.whileEmpty).toBe(0);
    expect(phases.delivered).toBe(1);
    expect(phases.afterDelivery).toBeGreaterThan(0);
    expect(phases.later).toBe(phases.afterDelivery);
  });

  it('stops waiting for runtimeDone 500 ms before the invoke deadline', async () => {
    const ctx = await setup({ kind: 'end' }, [invoke('req-1', 600), shutdown]);
    const startedMs = Date.now();

    await ctx.loop();
    await ctx.api.close();

    expect(Date.now() - startedMs).toBeLessThan(500);
    expect(ctx.nextCalls()).toBe(2);
  });

  it('retries a failing /event/next and throws after three failures in a row', async () => {
    const failure: Route = {
      status: 500,
      body: { errorType: 'InternalServerError' },
    };
    const ctx = await setup({ kind: 'end' }, [failure, failure, failure]);

    const attempt = ctx.loop();

    await expect(attempt).rejects.toMatchObject({ code: 'PLATFORM_ERROR' });
    expect(ctx.nextCalls()).toBe(3);
    expect(ctx.log.entries.filter((e) => e.level === 'error')).toHaveLength(3);
    await ctx.api.close();
  });

  it('carries on after a failed /event/next', async () => {
    const failure: Route = {
      status: 500,
      body: { errorType: 'InternalServerError' },
    };
    const ctx = await setup({ kind: 'continuous', intervalMs: 1_000 }, [
      failure,
      invoke('a'),
      failure,
      shutdown,
    ]);

    const event = await ctx.loop();
    await ctx.api.close();

    expect(event.eventType).toBe('SHUTDOWN');
    expect(ctx.nextCalls()).toBe(4);
  });
});

describe('idleUntilShutdown', () => {
  it('ignores invokes and returns the SHUTDOWN event', async () => {
    const ctx = await setup({ kind: 'end' }, [
      invoke('a'),
      invoke('b'),
      shutdown,
    ]);

    const event = await idleUntilShutdown({ client: ctx.client, log: ctx.log });
    await ctx.api.close();

    expect(event).toMatchObject({
      eventType: 'SHUTDOWN',
      shutdownReason: 'spindown',
    });
    expect(ctx.nextCalls()).toBe(3);
  });
});
