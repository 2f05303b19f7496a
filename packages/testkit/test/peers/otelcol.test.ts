import { describe, expect, it } from 'vitest';
import { httpCall, startOtelCollector } from '../../src/index.js';
import { isGroupGone } from './group-gone.js';

// The first run builds the collector from Go modules (several minutes).
const INSTALL_TIMEOUT_MS = 30 * 60_000;

describe('startOtelCollector', () => {
  it(
    'receives an OTLP/JSON log over HTTP, writes it to its file, and stops its process group',
    async () => {
      let pid = 0;
      {
        await using collector = await startOtelCollector();
        pid = collector.pid;
        const request = {
          resourceLogs: [
            {
              resource: {
                attributes: [
                  { key: 'service.name', value: { stringValue: 'smoke' } },
                ],
              },
              scopeLogs: [
                {
                  scope: { name: 'logdrain' },
                  logRecords: [
                    {
                      timeUnixNano: '1764201600000000000',
                      severityText: 'INFO',
                      body: { stringValue: 'hello collector' },
                    },
                  ],
                },
              ],
            },
          ],
        };

        const answer = await httpCall(`${collector.url}/v1/logs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
        const written = await collector.waitForLogs((r) => r.length >= 1);

        expect(collector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(answer.status).toBe(200);
        expect(written).toEqual([request]);
      }

      expect(isGroupGone(pid)).toBe(true);
    },
    INSTALL_TIMEOUT_MS
  );
});
