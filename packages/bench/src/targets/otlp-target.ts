import {
  type OtlpJsonLogsRequest,
  startOtelCollector,
} from '@logdrain/testkit';
import type { Target } from './target.js';

/** Distinct log records whose string body starts with `tag` (function lines). */
function countTagged(requests: readonly OtlpJsonLogsRequest[], tag: string) {
  const seen = new Set<string>();
  for (const request of requests) {
    for (const resource of request.resourceLogs ?? []) {
      for (const scope of resource.scopeLogs ?? []) {
        for (const record of scope.logRecords ?? []) {
          const body = record.body as { stringValue?: unknown } | undefined;
          const text = body?.stringValue;
          if (typeof text === 'string' && text.startsWith(`${tag} `)) {
            seen.add(text);
          }
        }
      }
    }
  }
  return seen.size;
}

/** The OpenTelemetry Collector; runs are told apart by their tags. */
export async function startOtlpTarget(): Promise<Target> {
  const collector = await startOtelCollector();
  return {
    async openRun() {
      return {
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
        async delivered({ tag }) {
          return countTagged(await collector.readLogs(), tag);
        },
        close: async () => {},
      };
    },
    close: () => collector.stop(),
  };
}
