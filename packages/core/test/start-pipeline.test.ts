import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCoreConfig } from '../src/core-config.js';
import { createLogger } from '../src/default-logger.js';
import { createExtensionsClient } from '../src/extensions-client.js';
import { capHeapSoon } from '../src/heap-tuning.js';
import type { FunctionContext } from '../src/log-event.js';
import { startPipeline } from '../src/start-pipeline.js';
import { createFakeDestination } from './fake-destination.js';
import { startRuntimeApiStandIn } from './support/runtime-api-stand-in.js';

// Only the V8 flags are stood in for: set for real, they would change the
// heap of the process running the tests (heap-tuning.test.ts checks them in
// child processes).
vi.mock('../src/heap-tuning.js', () => ({ capHeapSoon: vi.fn() }));

const context: FunctionContext = {
  functionName: 'orders-api',
  functionVersion: '$LATEST',
  region: 'eu-west-1',
  memorySizeMb: 128,
  architecture: 'x86_64',
  instanceId: 'i-1',
  extensionName: 'logdrain-test',
};

let spillDir: string;
beforeEach(async () => {
  spillDir = await mkdtemp(join(tmpdir(), 'logdrain-start-pipeline-'));
  vi.mocked(capHeapSoon).mockClear();
});
afterEach(() => rm(spillDir, { recursive: true, force: true }));

/** Starts and runs a pipeline whose first /event/next is SHUTDOWN. */
async function runToShutdown(capHeap: boolean | undefined): Promise<void> {
  await using api = await startRuntimeApiStandIn({
    'PUT /2022-07-01/telemetry': [{ status: 200 }],
    'GET /2020-01-01/extension/event/next': [
      {
        status: 200,
        body: {
          eventType: 'SHUTDOWN',
          shutdownReason: 'spindown',
          deadlineMs: Date.now() + 2_000,
        },
      },
    ],
  });
  const started = await startPipeline({
    client: createExtensionsClient({ runtimeApi: api.runtimeApi }),
    core: parseCoreConfig({ LOGDRAIN_TELEMETRY_TIMEOUT_MS: '25' }),
    context,
    log: createLogger({ level: 'silent', component: 'test' }),
    extensionId: 'ext-1',
    managedInstances: false,
    spillDir,
    createDestination: () => createFakeDestination(),
    ...(capHeap === undefined ? {} : { capHeap }),
  });
  await started.run();
}

describe('startPipeline', () => {
  it('caps the heap once running, by default', async () => {
    await runToShutdown(undefined);

    expect(capHeapSoon).toHaveBeenCalledTimes(1);
  });

  it('leaves the heap alone when capHeap is false', async () => {
    await runToShutdown(false);

    expect(capHeapSoon).not.toHaveBeenCalled();
  });
});
