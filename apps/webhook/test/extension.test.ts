import { setTimeout as delay } from 'node:timers/promises';
import type { Delivery } from '@logdrain/sandbox';
import {
  assertLayerBuilt,
  compareLines,
  expectedLines,
  extensionLog,
  startHttpsReceiver,
} from '@logdrain/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  APP,
  freePort,
  functionMessages,
  makeWorkDir,
  postToListener,
  startLayer,
} from './helpers.js';

const NO_LOSS = { missing: 0, duplicated: 0, unexpected: 0 };

/** The message of a Telemetry API function record ('' for other events). */
function lineOf(event: unknown): string {
  const { type, record } = event as { type?: unknown; record?: unknown };
  if (type !== 'function' || typeof record !== 'string') return '';
  return record.split('\t')[3]?.trimEnd() ?? '';
}

function tags(prefix: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, n) => `${prefix}${String(n + 1).padStart(2, '0')}`
  );
}

describe('the logdrain-webhook layer in the sandbox', () => {
  beforeAll(() => assertLayerBuilt(APP));

  it('delivers all 10,000 lines of 50 invokes exactly once, the last invoke’s after SHUTDOWN', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    // A 1 s Telemetry API batching window holds the last invoke's lines in
    // the sandbox until the environment freezes after that invoke, so they
    // can only reach the extension after SHUTDOWN.
    await using sandbox = await startLayer({
      receiver,
      workDir: work.path,
      env: { LOGDRAIN_TELEMETRY_TIMEOUT_MS: '1000' },
    });
    const invokeTags = tags('i', 50);
    const lastTag = invokeTags.at(-1) ?? '';

    for (const tag of invokeTags.slice(0, -1)) {
      await sandbox.invoke({ tag, lines: 200 });
    }
    // Frozen for longer than the window: what is buffered leaves on the
    // thaw, while the last invoke waits 50 ms before writing its lines.
    await delay(1_100);
    await sandbox.invoke({ tag: lastTag, lines: 200, waitMs: 50 });
    const deliveredDuringInvokes = sandbox.deliveries.length;
    const shutdown = await sandbox.shutdown();

    const received = functionMessages(receiver);
    expect(sandbox.initReport.status).toBe('success');
    expect(compareLines(received, expectedLines(invokeTags, 200))).toEqual({
      received: 10_000,
      ...NO_LOSS,
    });
    const lastLines = (deliveries: readonly Delivery[]) =>
      new Set(
        deliveries
          .filter((d) => d.status === 200)
          .flatMap((d) => d.events)
          .map(lineOf)
          .filter((line) => line.startsWith(`${lastTag} line `))
      );
    const later = sandbox.deliveries.slice(deliveredDuringInvokes);
    expect(
      lastLines(sandbox.deliveries.slice(0, deliveredDuringInvokes)).size
    ).toBe(0);
    expect(lastLines(later).size).toBe(200);
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: 'logdrain-webhook',
        exitCode: 0,
        beforeDeadline: true,
      }),
    ]);
    expect(extensionLog(sandbox).filter((e) => e.level === 'error')).toEqual(
      []
    );
  }, 60_000);

  it('loses nothing while the receiver answers 503 for 5 s', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    await using sandbox = await startLayer({ receiver, workDir: work.path });
    const invokeTags: string[] = [];

    receiver.setStatus(503);
    const healthyAtMs = Date.now() + 5_000;
    while (Date.now() < healthyAtMs) {
      const tag = `down${invokeTags.length}`;
      invokeTags.push(tag);
      await sandbox.invoke({ tag, lines: 20 });
      await delay(250);
    }
    const refused = receiver.requests.filter((r) => r.status === 503).length;
    receiver.setStatus(undefined);
    for (let n = 0; n < 5; n++) {
      const tag = `up${n}`;
      invokeTags.push(tag);
      await sandbox.invoke({ tag, lines: 20 });
    }
    await sandbox.shutdown();

    expect(refused).toBeGreaterThan(0);
    expect(
      compareLines(functionMessages(receiver), expectedLines(invokeTags, 20))
    ).toEqual({ received: invokeTags.length * 20, ...NO_LOSS });
    expect(extensionLog(sandbox).filter((e) => /^lost /.test(e.msg))).toEqual(
      []
    );
  }, 60_000);

  it('sends nothing until a 429’s Retry-After has passed, then resumes', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver({
      replies: [{ status: 429, headers: { 'retry-after': '1' } }],
    });
    await using sandbox = await startLayer({ receiver, workDir: work.path });
    const invokeTags = tags('r', 20);

    // An invoke every 100 ms or so: each one is a chance to send too early.
    for (const tag of invokeTags) {
      await sandbox.invoke({ tag, lines: 10 });
      await delay(100);
    }
    const shutdownAtMs = Date.now();
    await sandbox.shutdown();

    const [refused, next] = receiver.requests;
    expect(refused?.status).toBe(429);
    expect(next?.status).toBe(200);
    expect(
      (next?.receivedAtMs ?? 0) - (refused?.receivedAtMs ?? 0)
    ).toBeGreaterThanOrEqual(1_000);
    expect(next?.receivedAtMs).toBeLessThan(shutdownAtMs);
    expect(
      compareLines(functionMessages(receiver), expectedLines(invokeTags, 10))
    ).toEqual({ received: 200, ...NO_LOSS });
    expect(extensionLog(sandbox).filter((e) => /^lost /.test(e.msg))).toEqual(
      []
    );
  }, 60_000);

  it('answers 200 to a malformed body, counts it once and keeps delivering', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    const port = await freePort();
    await using sandbox = await startLayer({
      receiver,
      workDir: work.path,
      env: {
        LOGDRAIN_LISTENER_HOST: '127.0.0.1',
        LOGDRAIN_LISTENER_PORT: String(port),
      },
    });
    const invokeTags = tags('m', 4);

    await sandbox.invoke({ tag: invokeTags[0], lines: 10 });
    // The extension is frozen between invokes: the answer comes on the thaw.
    const answer = postToListener(port, '[{"type":"function","record":');
    await sandbox.invoke({ tag: invokeTags[1], lines: 10 });
    const status = await answer;
    await delay(1_500);
    await sandbox.invoke({ tag: invokeTags[2], lines: 10 });
    await sandbox.invoke({ tag: invokeTags[3], lines: 10 });
    await sandbox.shutdown();

    expect(status).toBe(200);
    expect(
      compareLines(functionMessages(receiver), expectedLines(invokeTags, 10))
    ).toEqual({ received: 40, ...NO_LOSS });
    const losses = extensionLog(sandbox).filter((e) => /^lost /.test(e.msg));
    expect(losses).toHaveLength(1);
    expect(losses[0]?.msg).toMatch(/^lost 1 record: 1 (record )?unparseable/);
  }, 60_000);

  it('reports an invalid LOGDRAIN_BUFFER_MAX_BYTES with its value and the allowed range', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    await using sandbox = await startLayer({
      receiver,
      workDir: work.path,
      env: { LOGDRAIN_BUFFER_MAX_BYTES: '12' },
    });

    await sandbox.invoke({ tag: 'b', lines: 5 });
    await sandbox.shutdown();

    const lines = extensionLog(sandbox).filter((e) =>
      e.msg.includes('LOGDRAIN_BUFFER_MAX_BYTES')
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg).toContain('got "12"');
    expect(lines[0]?.msg).toContain('1 MiB to 1 GiB');
    expect(functionMessages(receiver)).toHaveLength(5);
  }, 30_000);
});

describe.each([
  ['missing', undefined],
  ['not a URL', 'logs.example.com/in'],
  ['plain http to a remote host', 'http://logs.example.com/in'],
])('the layer with LOGDRAIN_WEBHOOK_URL %s', (_, url) => {
  beforeAll(() => assertLayerBuilt(APP));

  it('fails init naming the variable with LOGDRAIN_ON_CONFIG_ERROR=fail', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();

    await using sandbox = await startLayer({
      receiver,
      workDir: work.path,
      env: { LOGDRAIN_WEBHOOK_URL: url ?? '' },
    });

    // Lambda reports every extension init error as Extension.InitError
    // (spec 3.4); the type the extension gave travels in the request header.
    expect(sandbox.initReport.status).toBe('error');
    expect(sandbox.initReport.errorType).toBe('Extension.InitError');
    const initErrors = sandbox.apiCalls.filter((c) =>
      c.path.endsWith('/extension/init/error')
    );
    expect(initErrors.map((c) => c.status)).toEqual([202]);
    const named = extensionLog(sandbox).filter((e) =>
      e.msg.includes('LOGDRAIN_WEBHOOK_URL must be an https URL')
    );
    expect(named).toHaveLength(1);
  }, 30_000);

  it('stays registered and idle with one clear line with LOGDRAIN_ON_CONFIG_ERROR=disable', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    await using sandbox = await startLayer({
      receiver,
      workDir: work.path,
      env: {
        LOGDRAIN_WEBHOOK_URL: url ?? '',
        LOGDRAIN_ON_CONFIG_ERROR: 'disable',
      },
    });

    const invoke = await sandbox.invoke({ tag: 'idle', lines: 5 });
    const shutdown = await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect(invoke.status).toBe('success');
    expect(receiver.requests).toHaveLength(0);
    const log = extensionLog(sandbox);
    expect(log).toHaveLength(1);
    expect(log[0]?.level).toBe('error');
    expect(log[0]?.msg).toContain('LOGDRAIN_WEBHOOK_URL must be an https URL');
    expect(shutdown.extensions[0]?.exitCode).toBe(0);
  }, 30_000);
});
