import { setTimeout as delay } from 'node:timers/promises';
import {
  assertLayerBuilt,
  compareLines,
  expectedLines,
  extensionLog,
  startFaultProxy,
  startOtelCollector,
} from '@logdrain/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionLogs, waitForStored } from './collector-records.js';
import { APP, startLayer } from './helpers.js';

const NO_LOSS = { missing: 0, duplicated: 0, unexpected: 0 };

function tags(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, n) => `${prefix}${n}`);
}

describe('the logdrain-otlp layer under the default adaptive policy', () => {
  beforeAll(() => assertLayerBuilt(APP));

  it('delivers every line of 50 busy invokes at least once', async () => {
    await using collector = await startOtelCollector();
    await using sandbox = await startLayer({
      endpoint: collector.url,
      env: { LOGDRAIN_LOG_LEVEL: 'debug' },
    });
    const invokeTags = tags('a', 50);

    for (const tag of invokeTags) {
      await sandbox.invoke({ tag, lines: 200 });
    }
    await sandbox.shutdown();
    const logs = functionLogs(
      await waitForStored(
        collector.logsFile,
        (all) => functionLogs(all).length >= 10_000
      )
    );

    const seen = compareLines(
      logs.map((log) => String(log.body)),
      expectedLines(invokeTags, 200)
    );
    expect(seen.missing).toBe(0);
    expect(seen.unexpected).toBe(0);
    // Copies come only from a background request cut short at SHUTDOWN
    // (core logs it as "attempt cut short") and sent again.
    const cutShort = sandbox.extensionOutput.some((line) =>
      line.includes('attempt cut short')
    );
    expect(seen.duplicated === 0 || cutShort).toBe(true);
    expect(extensionLog(sandbox).filter((e) => /^lost /.test(e.msg))).toEqual(
      []
    );
  }, 120_000);
});

describe('the logdrain-otlp layer with the Collector unreachable', () => {
  beforeAll(() => assertLayerBuilt(APP));

  it('loses nothing while connections are reset for 5 s', async () => {
    await using collector = await startOtelCollector();
    await using proxy = await startFaultProxy({
      upstream: collector.url,
      http: true,
    });
    await using sandbox = await startLayer({
      endpoint: proxy.rewrite(collector.url),
    });
    const invokeTags: string[] = [];

    proxy.setMode({ kind: 'reset', on: 'data' });
    const upAtMs = Date.now() + 5_000;
    while (Date.now() < upAtMs) {
      const tag = `down${invokeTags.length}`;
      invokeTags.push(tag);
      await sandbox.invoke({ tag, lines: 20 });
      await delay(250);
    }
    const refusedConnections = proxy.connections;
    proxy.setMode({ kind: 'pass' });
    for (const tag of tags('up', 5)) {
      invokeTags.push(tag);
      await sandbox.invoke({ tag, lines: 20 });
    }
    await sandbox.shutdown();
    const expected = invokeTags.length * 20;
    const logs = functionLogs(
      await waitForStored(
        collector.logsFile,
        (all) => functionLogs(all).length >= expected
      )
    );

    expect(refusedConnections).toBeGreaterThan(0);
    expect(
      compareLines(
        logs.map((log) => String(log.body)),
        expectedLines(invokeTags, 20)
      )
    ).toEqual({ received: expected, ...NO_LOSS });
    expect(extensionLog(sandbox).filter((e) => /^lost /.test(e.msg))).toEqual(
      []
    );
  }, 60_000);
});

describe('the logdrain-otlp layer misconfigured', () => {
  beforeAll(() => assertLayerBuilt(APP));

  it('fails init naming OTEL_EXPORTER_OTLP_ENDPOINT when no endpoint is set', async () => {
    await using sandbox = await startLayer({ endpoint: '' });

    expect(sandbox.initReport.status).toBe('error');
    const named = extensionLog(sandbox).filter((e) =>
      e.msg.includes('OTEL_EXPORTER_OTLP_ENDPOINT must be')
    );
    expect(named).toHaveLength(1);
  }, 30_000);

  it('fails init listing the allowed protocols for grpc', async () => {
    await using sandbox = await startLayer({
      endpoint: 'http://127.0.0.1:4318',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
    });

    expect(sandbox.initReport.status).toBe('error');
    const named = extensionLog(sandbox).filter((e) =>
      e.msg.includes(
        'OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json'
      )
    );
    expect(named).toHaveLength(1);
  }, 30_000);
});
