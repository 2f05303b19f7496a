import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HANDLER } from '../helpers.js';
import { startHeldEnvironment } from './support/held-environment.js';
import { PATHS, pendingCall, rawCall } from './support/raw-call.js';
import { as, registerAs } from './support/register-as.js';
import { waitFor } from './support/telemetry-listener.js';

const types = (events: readonly { type: string }[]) =>
  events.map((e) => e.type).filter((t) => t.startsWith('platform.'));

describe('spec 2.1 Init', { timeout: 60_000 }, () => {
  it('starts the runtime only after every extension registered and ends Init only when every one called next', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha', 'beta'],
      heldRuntime: true,
    });
    const alpha = await env.extension('alpha');
    const beta = await env.extension('beta');
    let initEnded = false;
    void env.started.then(() => {
      initEnded = true;
    });

    const alphaId = await registerAs(alpha.api, 'alpha');
    await sleep(300);
    const runtimeBeforeBeta = env.control.seen('runtime');
    const betaId = await registerAs(beta.api, 'beta');
    const runtime = await env.runtime();
    void pendingCall(runtime.api, 'GET', PATHS.runtimeNext);
    void pendingCall(alpha.api, 'GET', PATHS.next, { headers: as(alphaId) });
    await sleep(300);
    const endedBeforeBetaNext = initEnded;
    void pendingCall(beta.api, 'GET', PATHS.next, { headers: as(betaId) });
    const sandbox = await env.started;

    expect(runtimeBeforeBeta).toBe(false);
    expect(endedBeforeBetaNext).toBe(false);
    expect(sandbox.initReport).toMatchObject({
      status: 'success',
      phase: 'init',
    });
    expect(types(sandbox.events)).toEqual([
      'platform.initStart',
      'platform.initRuntimeDone',
      'platform.extension',
      'platform.extension',
      'platform.initReport',
    ]);
  });

  it('times Init out at initTimeoutMs (status timeout, no errorType) and runs a suppressed init (phase invoke) at the next invoke', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['slow'],
      handler: HANDLER,
      sandbox: { initTimeoutMs: 3_000, shutdownBudgetMs: 300 },
    });
    const slow = await env.extension('slow');
    await registerAs(slow.api, 'slow');
    // It never calls next: Init cannot end.
    const sandbox = await env.started;
    const invoke = sandbox.invoke({});
    const again = await env.extension('slow', 1);
    const againId = await registerAs(again.api, 'slow');
    // Its first next ends the suppressed init, the second the invoke.
    void rawCall(again.api, 'GET', PATHS.next, { headers: as(againId) }).then(
      () => pendingCall(again.api, 'GET', PATHS.next, { headers: as(againId) })
    );
    const result = await invoke;

    const records = (type: string) =>
      sandbox.events.filter((e) => e.type === type).map((e) => e.record);
    expect(records('platform.initRuntimeDone')[0]).toEqual({
      initializationType: 'on-demand',
      phase: 'init',
      status: 'timeout',
    });
    expect(records('platform.initReport')).toEqual([
      {
        initializationType: 'on-demand',
        phase: 'init',
        status: 'timeout',
        metrics: { durationMs: expect.any(Number) },
      },
      {
        initializationType: 'on-demand',
        phase: 'invoke',
        status: 'success',
        metrics: { durationMs: expect.any(Number) },
      },
    ]);
    expect(result.status).toBe('success');
    // A suppressed init is not a cold start: no initDurationMs.
    const report = records('platform.report')[0] as { metrics: object };
    expect(report.metrics).not.toHaveProperty('initDurationMs');
  });
});

describe('spec 2.2 Invoke', { timeout: 60_000 }, () => {
  it('answers the caller when the runtime responds, measures the time after runtimeDone as post-runtime time and extensionOverhead', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['worker'],
      handler: HANDLER,
    });
    const worker = await env.extension('worker');
    const id = await registerAs(worker.api, 'worker');
    const first = rawCall(worker.api, 'GET', PATHS.next, { headers: as(id) });
    const sandbox = await env.started;

    const invoke = sandbox.invoke({ tag: 'x' });
    await first;
    await waitFor(
      () => sandbox.events.some((e) => e.type === 'platform.runtimeDone'),
      'platform.runtimeDone'
    );
    await sleep(50);
    const nextAtMs = Date.now();
    void pendingCall(worker.api, 'GET', PATHS.next, { headers: as(id) });
    const result = await invoke;

    expect(result.status).toBe('success');
    expect(result.response).toEqual({ ok: true, tag: 'x' });
    expect(result.responseAtMs).toBeLessThan(nextAtMs);
    expect(result.postRuntimeMs).toBeGreaterThan(0);
    expect(result.durationMs).toBeGreaterThan(result.postRuntimeMs);
    const report = sandbox.events.find((e) => e.type === 'platform.report')
      ?.record as { spans: Array<{ name: string; durationMs: number }> };
    expect(report.spans).toEqual([
      {
        name: 'extensionOverhead',
        start: expect.any(String),
        durationMs: result.postRuntimeMs,
      },
    ]);
  });

  it('bounds the whole phase by the function timeout: an extension that never calls next times the invoke out after the response', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['busy'],
      handler: HANDLER,
      sandbox: { timeoutMs: 500, shutdownBudgetMs: 300 },
    });
    const busy = await env.extension('busy');
    const id = await registerAs(busy.api, 'busy');
    const first = rawCall(busy.api, 'GET', PATHS.next, { headers: as(id) });
    const sandbox = await env.started;

    const result = await sandbox.invoke({ tag: 'answered' });
    await first;

    expect(result).toMatchObject({
      status: 'timeout',
      response: { ok: true, tag: 'answered' },
      reset: { reason: 'timeout' },
    });
    const record = (type: string) =>
      sandbox.events.find((e) => e.type === type)?.record;
    expect(record('platform.runtimeDone')).toMatchObject({ status: 'success' });
    expect(record('platform.report')).toMatchObject({ status: 'timeout' });
    expect(record('platform.report')).not.toHaveProperty('errorType');
  });
});

describe('spec 2.4 Shutdown and 2.5 Reset', { timeout: 60_000 }, () => {
  for (const reason of ['spindown', 'timeout', 'failure'] as const) {
    it(`sends SHUTDOWN with reason "${reason}" and a numeric deadlineMs within the budget`, async () => {
      await using env = await startHeldEnvironment({
        extensions: ['alpha'],
        handler: HANDLER,
        sandbox: { shutdownBudgetMs: 2_000 },
      });
      const alpha = await env.extension('alpha');
      const id = await registerAs(alpha.api, 'alpha');
      const first = rawCall(alpha.api, 'GET', PATHS.next, { headers: as(id) });
      const sandbox = await env.started;
      const startMs = Date.now();

      const shutdown = sandbox.shutdown({ reason });
      const event = await first;
      alpha.exit(0);
      const ended = await shutdown;

      expect(event.body).toEqual({
        eventType: 'SHUTDOWN',
        shutdownReason: reason,
        deadlineMs: ended.deadlineMs,
      });
      expect(Number.isInteger(ended.deadlineMs)).toBe(true);
      expect(ended.deadlineMs).toBeGreaterThan(startMs);
      expect(ended.deadlineMs).toBeLessThanOrEqual(Date.now() + 2_000);
      expect(ended.extensions).toEqual([
        expect.objectContaining({ exitCode: 0, beforeDeadline: true }),
      ]);
    });
  }

  it('SIGKILLs the runtime at once when no extension is registered (no SIGTERM); with one, SIGTERM first', async () => {
    const signalsAtShutdown = async (extensions: string[]) => {
      await using env = await startHeldEnvironment({
        extensions,
        heldRuntime: true,
      });
      for (const name of extensions) {
        const ext = await env.extension(name);
        const id = await registerAs(ext.api, name);
        void pendingCall(ext.api, 'GET', PATHS.next, { headers: as(id) });
      }
      const runtime = await env.runtime();
      void pendingCall(runtime.api, 'GET', PATHS.runtimeNext);
      const sandbox = await env.started;
      const shutdown = sandbox.shutdown();
      for (const name of extensions) (await env.extension(name)).exit(0);
      await shutdown;
      return env.control.signals;
    };

    expect(await signalsAtShutdown([])).toEqual([]);
    expect(await signalsAtShutdown(['alpha'])).toEqual(['runtime:SIGTERM']);
  });

  it('SIGKILLs an extension not registered for SHUTDOWN at once, without an event', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['invoke-only'],
      handler: HANDLER,
    });
    const ext = await env.extension('invoke-only');
    const id = await registerAs(ext.api, 'invoke-only', ['INVOKE']);
    void pendingCall(ext.api, 'GET', PATHS.next, { headers: as(id) });
    const sandbox = await env.started;

    const ended = await sandbox.shutdown();

    expect(ended.extensions).toEqual([
      expect.objectContaining({ name: 'invoke-only', signal: 'SIGKILL' }),
    ]);
    expect(
      sandbox.apiCalls.filter((c) => c.path === PATHS.next).map((c) => c.status)
    ).toEqual([undefined]);
  });

  it('resets after a failed invoke (SHUTDOWN failure), re-initialises on the next one and keeps /tmp', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha'],
      handler: HANDLER,
    });
    const alpha = await env.extension('alpha');
    const id = await registerAs(alpha.api, 'alpha');
    const first = rawCall(alpha.api, 'GET', PATHS.next, { headers: as(id) });
    const sandbox = await env.started;
    const tmp = alpha.env.TMPDIR as string;
    await writeFile(join(tmp, 'kept.txt'), 'still here');

    const failed = sandbox.invoke({ exitCode: 3 });
    await first;
    const shutdownEvent = await rawCall(alpha.api, 'GET', PATHS.next, {
      headers: as(id),
    });
    alpha.exit(0);
    const result = await failed;
    const following = sandbox.invoke({ tag: 'after' });
    const again = await env.extension('alpha', 1);
    const againId = await registerAs(again.api, 'alpha');
    await rawCall(again.api, 'GET', PATHS.next, { headers: as(againId) });
    void pendingCall(again.api, 'GET', PATHS.next, { headers: as(againId) });
    const after = await following;

    expect(result).toMatchObject({
      status: 'failure',
      errorType: 'Runtime.ExitError',
      reset: { reason: 'failure' },
    });
    expect(shutdownEvent.body).toMatchObject({
      eventType: 'SHUTDOWN',
      shutdownReason: 'failure',
    });
    expect(after).toMatchObject({
      status: 'success',
      response: { tag: 'after' },
    });
    expect(
      sandbox.events
        .filter((e) => e.type === 'platform.initStart')
        .map((e) => (e.record as { phase: string }).phase)
    ).toEqual(['init', 'invoke']);
    expect(again.env.TMPDIR).toBe(tmp);
    expect(existsSync(join(tmp, 'kept.txt'))).toBe(true);
  });
});
