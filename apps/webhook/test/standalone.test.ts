import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStandaloneLayer } from '@logdrain/layer-build';
import { startSandbox } from '@logdrain/sandbox';
import {
  assertLayerBuilt,
  compareLines,
  expectedLines,
  extensionLog,
  type HttpsReceiver,
  layerZipOf,
  startHttpsReceiver,
} from '@logdrain/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP, functionMessages, makeWorkDir } from './helpers.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
/** A Python function on an OS-only runtime: no Node.js anywhere. */
const PY_BOOTSTRAP = fileURLToPath(
  new URL('./fixtures/py-lines-bootstrap', import.meta.url)
);
const NO_NODE =
  'logdrain-webhook: node was not found on PATH. This layer runs beside Node.js runtimes only; for other runtimes use the standalone layer (layer-standalone-x86_64.zip or layer-standalone-arm64.zip).';

/** A Python-bootstrap function with `layer`, no node on any PATH. */
async function startPythonFunction(opts: {
  layer: string;
  receiver: HttpsReceiver;
  workDir: string;
}) {
  const caFile = join(opts.workDir, `ca-${opts.receiver.port}.pem`);
  await writeFile(caFile, opts.receiver.ca);
  return startSandbox({
    layers: [opts.layer],
    handler: PY_BOOTSTRAP,
    nodePath: 'none',
    functionName: 'webhook-standalone',
    env: {
      LOGDRAIN_WEBHOOK_URL: opts.receiver.url,
      LOGDRAIN_WEBHOOK_CA_FILE: caFile,
    },
  });
}

describe('the standalone logdrain-webhook layer beside a Python runtime', () => {
  let standaloneZip: string;

  // Rebuilt from the current bundle (reproducible: the same bytes
  // `pnpm build:standalone` writes); Node.js comes from the cache.
  beforeAll(async () => {
    await assertLayerBuilt(APP);
    const built = await buildStandaloneLayer({
      appDir: APP_DIR,
      name: 'logdrain-webhook',
      arch: 'x86_64',
    });
    standaloneZip = built.zipPath;
  }, 600_000);

  it('delivers every line of 20 invokes exactly once with no node on any PATH', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    await using sandbox = await startPythonFunction({
      layer: standaloneZip,
      receiver,
      workDir: work.path,
    });
    const tags = Array.from({ length: 20 }, (_, n) => `py${n}`);

    const invokes = [];
    for (const tag of tags) {
      invokes.push(await sandbox.invoke({ tag, lines: 100 }));
    }
    const shutdown = await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect(invokes.map((r) => r.status)).toEqual(tags.map(() => 'success'));
    expect(invokes[0]?.response).toEqual({
      tag: 'py0',
      lines: 100,
      node: null,
    });
    expect(
      compareLines(functionMessages(receiver), expectedLines(tags, 100))
    ).toEqual({ received: 2_000, missing: 0, duplicated: 0, unexpected: 0 });
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({ name: 'logdrain-webhook', exitCode: 0 }),
    ]);
    expect(extensionLog(sandbox).filter((e) => e.level === 'error')).toEqual(
      []
    );
  }, 120_000);

  it('fails Init with the launcher’s one line when the Node-runtime layer has no node', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    await using sandbox = await startPythonFunction({
      layer: layerZipOf(APP),
      receiver,
      workDir: work.path,
    });

    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Extension.Crash',
    });
    expect(sandbox.extensionOutput).toEqual([NO_NODE]);
    expect(sandbox.extensionStats).toEqual([
      expect.objectContaining({ name: 'logdrain-webhook', exitCode: 127 }),
    ]);
    expect(sandbox.apiCalls).toEqual([]);
    expect(receiver.requests).toEqual([]);
  }, 60_000);
});
