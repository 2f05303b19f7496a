import {
  assertLayerBuilt,
  compareLines,
  expectedLines,
  extensionLog,
  startOtelCollector,
} from '@logdrain/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionLogs, waitForStored } from './collector-records.js';
import { APP, startLayer } from './helpers.js';

const NO_LOSS = { missing: 0, duplicated: 0, unexpected: 0 };
const MIB = 1_048_576;

function tags(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, n) => `${prefix}${n}`);
}

describe.each(['http/protobuf', 'http/json'])(
  'the logdrain-otlp layer over %s',
  (protocol) => {
    beforeAll(() => assertLayerBuilt(APP));

    it('delivers 50 invokes × 200 lines exactly once, with the resource and severity', async () => {
      await using collector = await startOtelCollector();
      await using sandbox = await startLayer({
        endpoint: collector.url,
        env: { OTEL_EXPORTER_OTLP_PROTOCOL: protocol },
      });
      const invokeTags = tags('i', 50);

      for (const tag of invokeTags) {
        await sandbox.invoke({ tag, lines: 200 });
      }
      const shutdown = await sandbox.shutdown();
      const all = await waitForStored(
        collector.logsFile,
        (stored) =>
          functionLogs(stored).length >= 10_000 &&
          stored.filter((l) => l.eventName === 'platform.report').length >= 50
      );
      const logs = functionLogs(all);

      expect(sandbox.initReport.status).toBe('success');
      expect(
        compareLines(
          logs.map((log) => String(log.body)),
          expectedLines(invokeTags, 200)
        )
      ).toEqual({ received: 10_000, ...NO_LOSS });
      const resources = new Set(
        logs.map((log) => JSON.stringify(log.resource))
      );
      expect(resources.size).toBe(1);
      expect(logs[0]?.resource).toEqual({
        'cloud.provider': 'aws',
        'cloud.platform': 'aws_lambda',
        'cloud.region': 'us-east-1',
        'cloud.account.id': '123456789012',
        'cloud.resource_id':
          'arn:aws:lambda:us-east-1:123456789012:function:otlp-e2e',
        'faas.name': 'otlp-e2e',
        'faas.version': '$LATEST',
        'faas.instance': expect.stringMatching(/^\S+$/),
        'faas.max_memory': 128 * MIB,
        'host.arch': expect.stringMatching(/^(amd64|arm64)$/),
        'service.name': 'otlp-e2e',
      });
      const severities = new Set(
        logs.map((log) => `${log.severityNumber} ${log.severityText}`)
      );
      expect([...severities]).toEqual(['9 INFO']);
      const invocations = new Set(
        logs.map((log) => log.attributes['faas.invocation_id'])
      );
      expect(invocations.size).toBe(50);
      expect(
        logs.filter((log) => !/^[0-9a-f]{32}$/.test(log.traceId ?? ''))
      ).toEqual([]);
      const reports = all.filter((l) => l.eventName === 'platform.report');
      expect(reports).toHaveLength(50);
      expect(
        reports.filter(
          (r) =>
            typeof r.attributes['faas.invoke_duration'] !== 'number' ||
            r.attributes['faas.max_memory'] !== 128 * MIB ||
            typeof r.attributes['faas.invocation_id'] !== 'string' ||
            !String(r.body).startsWith('REPORT RequestId: ')
        )
      ).toEqual([]);
      expect(shutdown.extensions).toEqual([
        expect.objectContaining({
          name: 'logdrain-otlp',
          exitCode: 0,
          beforeDeadline: true,
        }),
      ]);
      expect(extensionLog(sandbox).filter((e) => e.level === 'error')).toEqual(
        []
      );
    }, 120_000);

    it('keeps every nested key of a JSON line and the level of prefixed lines', async () => {
      await using collector = await startOtelCollector();
      await using sandbox = await startLayer({
        endpoint: collector.url,
        env: { OTEL_EXPORTER_OTLP_PROTOCOL: protocol },
      });
      const record = {
        level: 'warn',
        message: 'structured line',
        user: { id: 42, roles: ['admin', 'billing'], email: null },
        order: {
          lines: [
            { sku: 'A-1', qty: 2, price: 9.99 },
            { sku: 'B-2', qty: 1, price: 0, tags: [] },
          ],
          shipping: { address: { city: 'Zürich', geo: { lat: 47.37 } } },
        },
        flags: { retried: false },
        empty: {},
      };

      await sandbox.invoke({ mode: 'json', record });
      await sandbox.invoke({ mode: 'levels', tag: 'lv' });
      await sandbox.shutdown();
      const logs = functionLogs(
        await waitForStored(
          collector.logsFile,
          (all) => functionLogs(all).length >= 5
        )
      );

      const structured = logs.filter((l) => l.body === 'structured line');
      expect(structured).toHaveLength(1);
      const { 'faas.invocation_id': invocationId, ...custom } =
        structured[0]?.attributes ?? {};
      expect(custom).toEqual({
        user: record.user,
        order: record.order,
        flags: record.flags,
        empty: {},
      });
      // Written straight to stdout, the line has no request id of its own,
      // and Lambda gives none with it.
      expect(invocationId).toBeUndefined();
      expect(structured[0]).toMatchObject({
        severityText: 'warn',
        severityNumber: 13,
      });
      const byBody = new Map(logs.map((l) => [l.body, l]));
      expect(
        ['debug', 'info', 'warn', 'error'].map((level) => {
          const log = byBody.get(`lv ${level}`);
          return [log?.severityText, log?.severityNumber];
        })
      ).toEqual([
        ['DEBUG', 5],
        ['INFO', 9],
        ['WARN', 13],
        ['ERROR', 17],
      ]);
    }, 60_000);
  }
);
