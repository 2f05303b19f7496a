import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@logdrain/sandbox';
import { type HttpsReceiver, startHttpsReceiver } from '@logdrain/testkit';
import { beforeAll, describe, expect, it } from 'vitest';

/** The layer `pnpm build` made: the test runs exactly what ships. */
const LAYER_ZIP = fileURLToPath(new URL('../dist/layer.zip', import.meta.url));
const HANDLER = fileURLToPath(
  new URL('./fixtures/lines-handler.mjs', import.meta.url)
);

/** The built layer in a sandbox, sending to the receiver and trusting it. */
async function startLayer(
  receiver: HttpsReceiver,
  env: Record<string, string> = {}
) {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-e2e-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, receiver.ca);
  const sandbox = await startSandbox({
    layers: [LAYER_ZIP],
    handler: HANDLER,
    functionName: 'otlp-e2e',
    env: {
      LOGDRAIN_OTLP_URL: receiver.url,
      LOGDRAIN_OTLP_CA_FILE: caFile,
      ...env,
    },
  }).catch(async (error: unknown) => {
    await removeDir();
    throw error;
  });
  const disposeSandbox = sandbox[Symbol.asyncDispose];
  return Object.assign(sandbox, {
    async [Symbol.asyncDispose]() {
      await disposeSandbox();
      await removeDir();
    },
  });
}

/** Messages of the function lines the receiver accepted, in order. */
function functionMessages(receiver: HttpsReceiver): string[] {
  return receiver.acceptedRecords
    .map((r) => r as { type?: unknown; message?: unknown })
    .filter((r) => r.type === 'function')
    .map((r) => String(r.message));
}

function expectedMessages(tags: readonly string[], lines: number): string[] {
  return tags.flatMap((tag) =>
    Array.from({ length: lines }, (_, n) => `${tag} line ${n}`)
  );
}

describe('the logdrain-otlp layer in the sandbox', () => {
  beforeAll(async () => {
    await stat(LAYER_ZIP).catch(() => {
      throw new Error(
        `${LAYER_ZIP} is missing: run \`pnpm --filter @logdrain/otlp... build\` first`
      );
    });
  });

  it('delivers every line of 10 invokes exactly once and exits 0 at SHUTDOWN', async () => {
    await using receiver = await startHttpsReceiver();
    await using sandbox = await startLayer(receiver);
    const tags = Array.from({ length: 10 }, (_, n) => `invoke${n}`);

    for (const tag of tags) {
      await sandbox.invoke({ tag, lines: 50 });
    }
    const shutdown = await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect(functionMessages(receiver).sort()).toEqual(
      expectedMessages(tags, 50).sort()
    );
    expect(shutdown.extensions).toEqual([
      expect.objectContaining({
        name: 'logdrain-otlp',
        exitCode: 0,
        beforeDeadline: true,
      }),
    ]);
  }, 60_000);

  it('fails init naming LOGDRAIN_OTLP_URL when it is missing', async () => {
    await using receiver = await startHttpsReceiver();

    await using sandbox = await startLayer(receiver, {
      LOGDRAIN_OTLP_URL: '',
    });

    expect(sandbox.initReport.status).toBe('error');
    const named = sandbox.extensionOutput.filter((line) =>
      line.includes('LOGDRAIN_OTLP_URL must be')
    );
    expect(named).toHaveLength(1);
    expect(receiver.requests).toHaveLength(0);
  }, 30_000);
});
