import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type {
  ReceiverWorkerAnswer,
  ReceiverWorkerRequest,
} from './receiver-worker.js';
import type { Target, TargetRun } from './target.js';

/** The worker's script, built beside the CLI (dist/receiver-worker.js). */
const WORKER = new URL('./receiver-worker.js', import.meta.url);

async function answer(worker: Worker): Promise<ReceiverWorkerAnswer> {
  const [message] = await once(worker, 'message');
  return message as ReceiverWorkerAnswer;
}

/**
 * testkit's HTTPS receiver in a worker thread, a fresh one per run (it keeps
 * every body, so a throughput run must not keep the previous runs' too).
 * Counting is one request at a time, as the measurements ask.
 */
export async function startWebhookTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'logdrain-bench-webhook-'));
  return {
    async openRun(run: string): Promise<TargetRun> {
      const worker = new Worker(WORKER);
      const ready = await answer(worker);
      if (ready.type !== 'ready') throw new Error('receiver worker not ready');
      const caFile = join(dir, `${run}-ca.pem`);
      await writeFile(caFile, ready.ca);
      const ask = (request: ReceiverWorkerRequest) =>
        worker.postMessage(request);
      return {
        env: {
          LOGDRAIN_WEBHOOK_URL: ready.url,
          LOGDRAIN_WEBHOOK_CA_FILE: caFile,
        },
        async delivered({ tag }) {
          ask({ type: 'count', tag });
          const counted = await answer(worker);
          return counted.type === 'count' ? counted.count : 0;
        },
        async receiverCpuMs() {
          ask({ type: 'cpu' });
          const cpu = await answer(worker);
          return cpu.type === 'cpu' ? cpu.ms : undefined;
        },
        async close() {
          const exited = once(worker, 'exit');
          ask({ type: 'close' });
          await exited;
        },
      };
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
