import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpsReceiver } from '@logdrain/testkit';
import { isTaggedLine, type Target, type TargetRun } from './target.js';

/**
 * testkit's HTTPS receiver, a fresh one per run (it keeps every body, so a
 * long throughput run must not keep the previous runs' too).
 */
export async function startWebhookTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'logdrain-bench-webhook-'));
  return {
    async openRun(run: string): Promise<TargetRun> {
      const receiver = await startHttpsReceiver();
      const caFile = join(dir, `${run}-ca.pem`);
      await writeFile(caFile, receiver.ca);
      return {
        env: {
          LOGDRAIN_WEBHOOK_URL: receiver.url,
          LOGDRAIN_WEBHOOK_CA_FILE: caFile,
        },
        async delivered({ tag }) {
          return receiver.acceptedRecords.filter((record) =>
            isTaggedLine(record as Record<string, unknown>, tag)
          ).length;
        },
        close: () => receiver.close(),
      };
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
