import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { canUnshareMount, startRie } from '@logdrain/testkit';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/index.js';
import { readRecords, tempDir } from '../helpers.js';
import { makeCrossCheckDirs, RAW_HANDLER } from './rie-layer.js';

const unshare = await canUnshareMount();
const skipped = unshare.ok
  ? ''
  : ` — SKIPPED: unshare --mount is not permitted here (${unshare.reason})`;
if (!unshare.ok) process.stderr.write(`RIE cross-check${skipped}\n`);

const NAME = 'cross-check';
const INVOKES = [
  { tag: 'a', lines: 2 },
  { tag: 'b', lines: 1 },
];
// Managed Instances allow SHUTDOWN only (spec 2.7); at SHUTDOWN the
// extension waits for both reports and the three lines: the emulator held
// the last invoke's events (its start, line and report) until SHUTDOWN in
// our runs, 20 s after the invoke, although timeoutMs is 25.
const EXTENSION_ENV = {
  MINIMAL_EVENTS: 'SHUTDOWN',
  MINIMAL_REPORTS: '2',
  MINIMAL_LINES: '3',
};

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
        EXTENSION_ENV
      );
      const sbDirs = await makeCrossCheckDirs(
        join(dir.path, 'sandbox'),
        EXTENSION_ENV
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
        handler: RAW_HANDLER,
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
      expect(fromRie.lines).toEqual(['a 0', 'a 1', 'b 0']);
      expect(fromSandbox.lines).toEqual(['a 0\n', 'a 1\n', 'b 0\n']);
      // Managed Instances: no platform.runtimeDone (spec 2.7).
      const init = [
        'platform.initStart',
        'platform.telemetrySubscription',
        'platform.initRuntimeDone',
        'platform.extension',
        'platform.initReport',
      ];
      expect(fromRie.platform).toEqual([
        ...init,
        'platform.start',
        'platform.report',
        'platform.start',
        'platform.report',
      ]);
      expect(fromSandbox.platform).toEqual([
        ...init,
        'platform.start',
        'platform.runtimeDone',
        'platform.report',
        'platform.start',
        'platform.runtimeDone',
        'platform.report',
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
