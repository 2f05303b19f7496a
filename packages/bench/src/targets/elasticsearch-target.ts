import { httpCall, startOpenSearch } from '@logdrain/testkit';
import type { Target } from './target.js';

async function jsonCall(url: string, body?: unknown) {
  const answer = await httpCall(url, {
    method: 'POST',
    timeoutMs: 30_000,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
  });
  return {
    status: answer.status,
    json: answer.json() as Record<string, unknown>,
  };
}

/**
 * A node fresh from start-up answers its first bulks slowly (cold JIT); one
 * in service does not. Warm it before any layer is measured against it.
 */
async function warmUp(url: string) {
  const line = JSON.stringify({ message: 'warm-up '.padEnd(100, 'x') });
  const body = `${Array.from({ length: 2_000 }, () => `{"index":{}}\n${line}`).join('\n')}\n`;
  for (let round = 0; round < 5; round++) {
    await jsonCall(`${url}/logdrain-bench-warm-up/_bulk`, body);
  }
}

/**
 * OpenSearch; each run writes to its own index (no data stream). The layer
 * derives each document's _id from its content, so a retried bulk overwrites
 * instead of adding: `_count` counts distinct lines.
 */
export async function startElasticsearchTarget(): Promise<Target> {
  const node = await startOpenSearch({ readyTimeoutMs: 180_000 });
  await warmUp(node.url);
  return {
    async openRun(run) {
      const index = `logdrain-bench-${run.toLowerCase()}`;
      return {
        env: { LOGDRAIN_ES_URL: node.url, LOGDRAIN_ES_INDEX: index },
        async delivered({ tag }) {
          // No index yet (404) is nothing delivered yet; any other failed
          // refresh or count is an error, not "every line lost".
          const refreshed = await jsonCall(`${node.url}/${index}/_refresh`);
          if (refreshed.status === 404) return 0;
          if (refreshed.status !== 200) {
            throw new Error(
              `_refresh of ${index} answered ${refreshed.status}`
            );
          }
          const answer = await jsonCall(`${node.url}/${index}/_count`, {
            query: { match: { message: tag } },
          });
          if (answer.status !== 200) {
            throw new Error(`_count of ${index} answered ${answer.status}`);
          }
          return Number(answer.json.count);
        },
        close: async () => {},
      };
    },
    close: () => node.stop(),
  };
}
