import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createSilentLogger, type LogEvent } from '@logdrain/core';
import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import {
  contractEvent,
  type RunningPeer,
  startFaultProxy,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElasticsearchDestination } from '../src/destination.js';
import { indexTemplateBody, templateName } from '../src/index-template.js';
import {
  call,
  configFor,
  count,
  readSources,
  startSearch,
} from './opensearch.js';

/** The layer `pnpm build` made: the tests run exactly what ships. */
const LAYER_ZIP = fileURLToPath(new URL('../dist/layer.zip', import.meta.url));
const HANDLER = fileURLToPath(
  new URL('./fixtures/lines-handler.mjs', import.meta.url)
);

/** No replicas on one node, no fsync per bulk, refresh when asked. */
const TEST_NODE_SETTINGS = {
  number_of_replicas: 0,
  'translog.durability': 'async',
  refresh_interval: '30s',
};

/**
 * A node fresh from start-up answers its first bulks in seconds (cold JIT);
 * a cluster in service does not. Warm it with the destination itself.
 */
async function warmUp(url: string) {
  const destination = await createElasticsearchDestination(
    configFor(url, { index: 'logdrain-warm-up' })
  );
  const signal = new AbortController().signal;
  for (let round = 0; round < 10; round++) {
    const batch = Array.from({ length: 500 }, (_, n) =>
      contractEvent({ tag: `warm-up-${round}`, n })
    );
    await destination.send(batch as LogEvent[], {
      signal,
      attempt: 1,
      log: createSilentLogger(),
    });
  }
  await destination.close?.();
}

function startLayer(env: Record<string, string>): Promise<Sandbox> {
  return startSandbox({
    layers: [LAYER_ZIP],
    handler: HANDLER,
    functionName: 'es-e2e',
    env,
  });
}

/** The extension's own log entries (JSON lines on stderr). */
function extensionLog(sandbox: Sandbox) {
  return sandbox.extensionOutput.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown };
      return typeof entry.msg === 'string'
        ? [{ level: String(entry.level), msg: entry.msg }]
        : [];
    } catch {
      return [];
    }
  });
}

/** Telemetry events the sandbox delivered to the extension (200 only). */
function deliveredEvents(sandbox: Sandbox) {
  return sandbox.deliveries
    .filter((d) => d.status === 200)
    .flatMap(
      (d) => d.events as Array<{ type: string; time: string; record: unknown }>
    );
}

describe('the logdrain-elasticsearch layer in the sandbox with OpenSearch', () => {
  let search: RunningPeer;

  beforeAll(async () => {
    await stat(LAYER_ZIP).catch(() => {
      throw new Error(
        `${LAYER_ZIP} is missing: run \`pnpm --filter @logdrain/elasticsearch... build\` first`
      );
    });
    search = await startSearch();
    await warmUp(search.url);
  }, 200_000);

  afterAll(async () => {
    await search?.stop();
  });

  it('indexes all 10,000 lines of 50 invokes once, plus every platform event, at the lines’ own time', async () => {
    const index = 'logs-aws.lambda-e2e';
    // A new data stream's first backing index takes this single small node
    // seconds to create, and each bulk fsyncs its translog: longer than
    // core gives a flush at the end of an invoke. So the data stream exists
    // before the first invoke (as for every environment but a cluster's
    // very first) with the layer's own template, tuned for a test node.
    const template = indexTemplateBody({
      index,
      dataStream: true,
      flatType: 'flat_object',
    });
    await call(`${search.url}/_index_template/${templateName(index)}`, {
      method: 'PUT',
      body: {
        ...template,
        template: {
          ...(template.template as object),
          settings: TEST_NODE_SETTINGS,
        },
      },
    });
    await call(`${search.url}/_data_stream/${index}`, { method: 'PUT' });
    await using sandbox = await startLayer({
      LOGDRAIN_ES_URL: search.url,
      LOGDRAIN_ES_INDEX: index,
      LOGDRAIN_ES_INSTALL_TEMPLATE: 'true',
    });

    for (let n = 0; n < 50; n++) {
      await sandbox.invoke({ tag: `i${n}`, lines: 200 });
    }
    const shutdown = await sandbox.shutdown();

    const events = deliveredEvents(sandbox);
    const platform = events.filter((e) => e.type.startsWith('platform.'));
    const lineTimes = new Map(
      events
        .filter((e) => e.type === 'function' && typeof e.record === 'string')
        .map((e) => [String(e.record).split('\t')[3]?.trimEnd(), e.time])
    );
    const functionQuery = { term: { 'aws.lambda.type': 'function' } };
    expect(sandbox.initReport.status).toBe('success');
    expect(await count(search.url, index, functionQuery)).toBe(10_000);
    expect(await count(search.url, index)).toBe(10_000 + platform.length);
    const sources = await readSources(search.url, index);
    const functionDocs = sources.filter(
      (s) => (s.aws as { lambda: { type: string } }).lambda.type === 'function'
    );
    const wrongTime = functionDocs.filter(
      (s) => s['@timestamp'] !== lineTimes.get(String(s.message))
    );
    expect(functionDocs).toHaveLength(10_000);
    expect(wrongTime).toHaveLength(0);
    const dataStream = await fetch(`${search.url}/_data_stream/${index}`);
    expect(dataStream.status).toBe(200);
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: 'logdrain-elasticsearch',
        exitCode: 0,
        beforeDeadline: true,
      }),
    ]);
    expect(extensionLog(sandbox).filter((e) => e.level === 'error')).toEqual(
      []
    );
  }, 120_000);

  it('counts and reports records refused with 401 while the function runs unaffected', async () => {
    const index = 'logdrain-e2e-denied';
    await using proxy = await startFaultProxy({
      upstream: search.url,
      http: true,
    });
    proxy.answerNext({
      count: 1_000,
      status: 401,
      body: '{"error":"security_exception","status":401}',
    });
    await using sandbox = await startLayer({
      LOGDRAIN_ES_URL: proxy.rewrite(search.url),
      LOGDRAIN_ES_INDEX: index,
      LOGDRAIN_ES_USERNAME: 'writer',
      LOGDRAIN_ES_PASSWORD: 'wrong-password',
    });

    const invokes = [];
    for (let n = 0; n < 3; n++) {
      invokes.push(await sandbox.invoke({ tag: `d${n}`, lines: 10 }));
    }
    const shutdown = await sandbox.shutdown();

    expect(invokes.map((i) => i.status)).toEqual([
      'success',
      'success',
      'success',
    ]);
    expect(proxy.requests).toBeGreaterThan(0);
    expect(await count(search.url, index)).toBe(0);
    const log = extensionLog(sandbox);
    const losses = log.filter((e) => /^lost /.test(e.msg));
    expect(losses).toHaveLength(1);
    expect(losses[0]?.msg).toMatch(/rejected/);
    const refusals = sandbox.extensionOutput.filter((line) =>
      line.includes('HTTP 401')
    );
    expect(refusals.length).toBeGreaterThan(0);
    expect(sandbox.extensionOutput.join('\n')).not.toContain('wrong-password');
    expect(shutdown.extensions[0]?.exitCode).toBe(0);
  }, 60_000);

  it('signs with SigV4 from the function’s credentials and indexes every line', async () => {
    // No local server checks a signature (OpenSearch here has no security
    // plugin): this runs the bundled signer and credential chain of the
    // built layer; test/sigv4.test.ts checks the signature itself.
    const index = 'logdrain-e2e-sigv4';
    await using sandbox = await startLayer({
      LOGDRAIN_ES_URL: search.url,
      LOGDRAIN_ES_INDEX: index,
      LOGDRAIN_ES_AUTH: 'sigv4',
    });

    for (let n = 0; n < 3; n++) {
      await sandbox.invoke({ tag: `s${n}`, lines: 10 });
    }
    await sandbox.shutdown();

    const functionQuery = { term: { 'aws.lambda.type': 'function' } };
    expect(await count(search.url, index, functionQuery)).toBe(30);
    expect(extensionLog(sandbox).filter((e) => e.level === 'error')).toEqual(
      []
    );
  }, 60_000);

  it('fails init naming LOGDRAIN_ES_URL when it is missing', async () => {
    await using sandbox = await startLayer({ LOGDRAIN_ES_INDEX: 'x' });

    expect(sandbox.initReport.status).toBe('error');
    const named = extensionLog(sandbox).filter((e) =>
      e.msg.includes('LOGDRAIN_ES_URL must be')
    );
    expect(named).toHaveLength(1);
  }, 30_000);
});
