import {
  type ContractServer,
  type ContractStoredRecord,
  httpCall,
  type RunningPeer,
  startOpenSearch,
} from '@logdrain/testkit';
import {
  DEFAULT_MAX_BULK_BYTES,
  type ElasticsearchConfig,
} from '../src/config.js';

/** A field the tests map as `long`, so a string there is refused. */
export const PLANTED_FIELD = 'planted';

/** The shared OpenSearch node for one test file. */
export async function startSearch(): Promise<RunningPeer> {
  return startOpenSearch({ readyTimeoutMs: 180_000 });
}

/** A JSON call to the node; throws on a network error. */
export async function call(
  url: string,
  opts: { method?: string; body?: unknown } = {}
): Promise<{ status: number; json: Record<string, unknown> }> {
  const answer = await httpCall(url, {
    method: opts.method ?? 'GET',
    ...(opts.body === undefined
      ? {}
      : {
          body: JSON.stringify(opts.body),
          headers: { 'content-type': 'application/json' },
        }),
  });
  const text = answer.text();
  return {
    status: answer.status,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/**
 * (Re)creates a plain index whose mapping types `aws.lambda.log.planted`
 * as a number: a JSON log line with a string there is a mapping conflict
 * the real server refuses on its own, item by item.
 */
export async function plantIndex(baseUrl: string, index: string) {
  await call(`${baseUrl}/${index}`, { method: 'DELETE' });
  const created = await call(`${baseUrl}/${index}`, {
    method: 'PUT',
    body: {
      mappings: {
        properties: {
          aws: {
            properties: {
              lambda: {
                properties: {
                  // Not indexed but kept in _source (no dynamic mapping
                  // conflicts between the suite's own records), except
                  // the planted field.
                  log: {
                    type: 'object',
                    dynamic: false,
                    properties: { [PLANTED_FIELD]: { type: 'long' } },
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  if (created.status !== 200) {
    throw new Error(`creating ${index}: HTTP ${created.status}`);
  }
}

/** An event whose JSON record the planted mapping refuses. */
export function makeFailing<T extends { message: string }>(event: T): T {
  return {
    ...event,
    record: { [PLANTED_FIELD]: 'not a number', message: event.message },
  };
}

/** Every document's `_source` in the index (after a refresh). */
export async function readSources(
  baseUrl: string,
  index: string
): Promise<Array<Record<string, unknown>>> {
  await call(`${baseUrl}/${index}/_refresh`, { method: 'POST' });
  const sources: Array<Record<string, unknown>> = [];
  let after: unknown[] | undefined;
  for (;;) {
    const page = await call(`${baseUrl}/${index}/_search`, {
      method: 'POST',
      body: {
        size: 5_000,
        sort: [{ _id: 'asc' }],
        ...(after === undefined ? {} : { search_after: after }),
      },
    });
    if (page.status === 404) return sources;
    const hits = (page.json.hits as { hits: Array<Record<string, unknown>> })
      .hits;
    for (const hit of hits) {
      sources.push(hit._source as Record<string, unknown>);
    }
    if (hits.length < 5_000) return sources;
    after = hits.at(-1)?.sort as unknown[];
  }
}

/** `_count` of documents matching a query (after a refresh). */
export async function count(
  baseUrl: string,
  index: string,
  query: unknown = { match_all: {} }
): Promise<number> {
  await call(`${baseUrl}/${index}/_refresh`, { method: 'POST' });
  const answer = await call(`${baseUrl}/${index}/_count`, {
    method: 'POST',
    body: { query },
  });
  if (answer.status === 404) return 0;
  return Number(answer.json.count ?? Number.NaN);
}

/** The stored record of a document: a text line or the JSON log keys. */
export function storedRecord(source: Record<string, unknown>): unknown {
  const original = (source.event as { original?: unknown } | undefined)
    ?.original;
  if (original !== undefined) return original;
  const aws = source.aws as { lambda?: { log?: unknown } } | undefined;
  return aws?.lambda?.log;
}

export interface SearchContractServer extends ContractServer {
  readonly baseUrl: string;
  readonly index: string;
}

/** The contract suite's server: OpenSearch with a planted index. */
export async function startSearchContractServer(
  index: string
): Promise<SearchContractServer> {
  const peer = await startSearch();
  await plantIndex(peer.url, index);
  return {
    baseUrl: peer.url,
    index,
    endpoint: peer.url,
    async readRecords(): Promise<ContractStoredRecord[]> {
      return (await readSources(peer.url, index)).map((source) => ({
        message: String(source.message),
        record: storedRecord(source),
      }));
    },
    reset: () => plantIndex(peer.url, index),
    stop: () => peer.stop(),
  };
}

/** A config as parseElasticsearchConfig would give, aimed at `url`. */
export function configFor(
  url: string,
  overrides: Partial<ElasticsearchConfig> = {}
): ElasticsearchConfig {
  return {
    url,
    index: 'logdrain-test',
    dataStream: false,
    installTemplate: false,
    auth: { kind: 'none' },
    secrets: [],
    ca: undefined,
    maxBulkBytes: DEFAULT_MAX_BULK_BYTES,
    timeoutMs: 10_000,
    warnings: [],
    ...overrides,
  };
}
