import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { canUnshareMount, startRie } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/index.js';
import { readRecords, tempDir } from '../helpers.js';
import { makeCrossCheckDirs } from './rie-layer.js';

const unshare = await canUnshareMount();
const skipped = unshare.ok
  ? ''
  : ` — SKIPPED: unshare --mount is not permitted here (${unshare.reason})`;
if (!unshare.ok) process.stderr.write(`RIE cross-check${skipped}\n`);

const NAME = 'cross-check';
// The emulator's delivery of the invokes after the first was not stable
// across our runs: a later invoke's line came before an earlier one's, and
// the last invoke's events stayed buffered while idle (20 s, timeoutMs 25)
// until SHUTDOWN. The first invoke is compared exactly; of the others, what
// arrived (no duplicates, nothing foreign).
const INVOKES = [
  { tag: 'a', lines: 2 },
  { tag: 'b', lines: 1 },
  { tag: 'tail', lines: 1 },
];
// Managed Instances allow SHUTDOWN only (spec 2.7); at SHUTDOWN the
// extension waits for the reports and lines of the compared invokes (the
// sandbox delivers the third report then too).
const extensionEnv = (reports: number, lines: number) => ({
  MINIMAL_EVENTS: 'SHUTDOWN',
  MINIMAL_REPORTS: String(reports),
  MINIMAL_LINES: String(lines),
});

interface Event {
  type: string;
  record: unknown;
}

/** The telemetry the extension received, and the paths it came to. */
async function received(path: string) {
  const posts = (await readRecords(path)).filter((e) => e.kind === 'telemetry');
  const events = posts.flatMap((p) => p.events as Event[]);
  const record = (type: string) =>
    events.find((e) => e.type === type)?.record as Record<string, unknown>;
  return {
    paths: [...new Set(posts.map((p) => p.path))],
    platform: events
      .filter((e) => e.type.startsWith('platform.'))
      .map((e) => e.type),
    lines: events.filter((e) => e.type === 'function').map((e) => e.record),
    record,
    exit: (await readRecords(path)).find((e) => e.kind === 'exit'),
  };
}

describe.skipIf(!unshare.ok)(
  `the hand-written extension's telemetry under the sandbox and under AWS's emulator in managed-instances mode (spec 2.7, 4.1, 4.5)${skipped}`,
  { timeout: 120_000 },
  () => {
    it('both deliver the same lines and the same init events; the emulator follows Managed Instances where the sandbox follows default functions', async () => {
      await using dir = await tempDir();
      // Its processes run as uid 993: they must reach the output folder.
      await chmod(dir.path, 0o755);
      const rieDirs = await makeCrossCheckDirs(
        join(dir.path, 'rie'),
        extensionEnv(3, 4)
      );
      const sbDirs = await makeCrossCheckDirs(
        join(dir.path, 'sandbox'),
        extensionEnv(3, 4)
      );

      await using rie = await startRie({
        layerDir: rieDirs.layer,
        taskDir: rieDirs.task,
        managedInstances: true,
        env: { AWS_LAMBDA_FUNCTION_NAME: NAME },
      });
      for (const payload of INVOKES) await rie.invoke(payload);
      await rie.terminate();
      const fromRie = await received(rieDirs.out);

      await using sandbox = await startSandbox({
        layers: [sbDirs.layer],
        handler: join(sbDirs.task, 'bootstrap'),
        functionName: NAME,
      });
      for (const payload of INVOKES) await sandbox.invoke(payload);
      await sandbox.shutdown();
      const fromSandbox = await received(sbDirs.out);

      // The same: subscription, extension, init outcome, every line.
      for (const side of [fromRie, fromSandbox]) {
        expect(side.exit).toEqual({ kind: 'exit', missingReports: [] });
        expect(side.record('platform.telemetrySubscription')).toEqual({
          name: 'minimal',
          state: 'Subscribed',
          types: ['platform', 'function'],
        });
        expect(side.record('platform.extension')).toEqual({
          name: 'minimal',
          state: 'Ready',
          events: ['SHUTDOWN'],
        });
        expect(side.record('platform.initReport')).toMatchObject({
          phase: 'init',
          status: 'success',
          metrics: { durationMs: expect.any(Number) },
        });
      }
      // The emulator drops the trailing newline the sandbox keeps (spec 4.7).
      const all = ['a 0', 'a 1', 'b 0', 'tail 0'];
      expect(fromRie.lines.slice(0, 2)).toEqual(['a 0', 'a 1']);
      expect(all).toEqual(expect.arrayContaining(fromRie.lines));
      expect(new Set(fromRie.lines).size).toBe(fromRie.lines.length);
      expect(fromSandbox.lines).toEqual(all.map((line) => `${line}\n`));
      // Managed Instances: no platform.runtimeDone (spec 2.7).
      const init = [
        'platform.initStart',
        'platform.telemetrySubscription',
        'platform.initRuntimeDone',
        'platform.extension',
        'platform.initReport',
      ];
      const first = [...init, 'platform.start', 'platform.report'];
      expect(fromRie.platform.slice(0, first.length)).toEqual(first);
      expect(['platform.start', 'platform.report']).toEqual(
        expect.arrayContaining(fromRie.platform.slice(first.length))
      );
      expect(fromSandbox.platform).toEqual([
        ...init,
        ...Array(3)
          .fill(['platform.start', 'platform.runtimeDone', 'platform.report'])
          .flat(),
      ]);
      // The emulator posts to "/" whatever the subscribed path.
      expect(fromRie.paths).toEqual(['/']);
      expect(fromSandbox.paths).toEqual(['/telemetry']);
      expect(fromRie.record('platform.initStart')).toMatchObject({
        initializationType: 'lambda-managed-instances',
        functionName: NAME,
        // Bytes, where the sandbox writes MB (spec 4.5, unconfirmed unit).
        instanceMaxMemory: 3008 * 1024 * 1024,
      });
      expect(fromSandbox.record('platform.initStart')).toMatchObject({
        initializationType: 'on-demand',
        functionName: NAME,
        instanceMaxMemory: 128,
      });
      // Managed Instances reports carry durationMs and two spans only.
      const rieReport = fromRie.record('platform.report');
      expect(Object.keys(rieReport.metrics as object)).toEqual(['durationMs']);
      expect(
        (rieReport.spans as Array<{ name: string }>).map((s) => s.name)
      ).toEqual(['responseLatency', 'responseDuration']);
      expect(
        Object.keys(fromSandbox.record('platform.report').metrics as object)
      ).toEqual([
        'durationMs',
        'billedDurationMs',
        'memorySizeMB',
        'maxMemoryUsedMB',
        'initDurationMs',
      ]);
    });
  }
);
