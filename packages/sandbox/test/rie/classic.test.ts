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
if (!unshare.ok) {
  process.stderr.write(`RIE cross-check${skipped}\n`);
}

const NAME = 'cross-check';
const ARN = `arn:aws:lambda:us-east-1:012345678912:function:${NAME}`;
const INVOKES = [
  { tag: 'a', lines: 2 },
  // Longer than the 2 s timeout: a reset, the only SHUTDOWN classic RIE sends.
  { tag: 'b', lines: 1, sleepMs: 4_000 },
];

type Entry = Record<string, unknown>;

/** What the extension recorded, without the telemetry it received. */
async function conversation(path: string): Promise<Entry[]> {
  return (await readRecords(path)).filter((e) => e.kind !== 'telemetry');
}

/** What the extension recorded, with per-run values replaced by their kind. */
function shape(entries: Entry[]): unknown[] {
  return entries.map((e) => {
    if (e.kind !== 'event') return e;
    const event = { ...(e.event as Entry) };
    event.deadlineMs = typeof event.deadlineMs;
    if (typeof event.requestId === 'string') event.requestId = 'uuid';
    return { ...e, event };
  });
}

describe.skipIf(!unshare.ok)(
  `the hand-written extension under the sandbox and under AWS's emulator, classic mode (spec 3.2, 3.3, 2.5)${skipped}`,
  { timeout: 120_000 },
  () => {
    it('registers, receives INVOKE and SHUTDOWN and exits the same way; the differences are the documented ones', async () => {
      await using dir = await tempDir();
      const rieDirs = await makeCrossCheckDirs(join(dir.path, 'rie'));
      const sbDirs = await makeCrossCheckDirs(join(dir.path, 'sandbox'));

      await using rie = await startRie({
        layerDir: rieDirs.layer,
        taskDir: rieDirs.task,
        env: {
          AWS_LAMBDA_FUNCTION_NAME: NAME,
          AWS_LAMBDA_FUNCTION_TIMEOUT: '2',
          AWS_REGION: 'us-east-1',
        },
      });
      const rieAnswers = [];
      for (const payload of INVOKES) rieAnswers.push(await rie.invoke(payload));
      const rieEntries = await conversation(rieDirs.out);

      await using sandbox = await startSandbox({
        layers: [sbDirs.layer],
        handler: join(sbDirs.task, 'bootstrap'),
        functionName: NAME,
        accountId: '012345678912',
        timeoutMs: 2_000,
      });
      const sbResults = [];
      for (const payload of INVOKES)
        sbResults.push(await sandbox.invoke(payload));
      const sbEntries = await conversation(sbDirs.out);

      // The same answers to the caller, the second one a timeout.
      expect(rieAnswers[0]).toEqual({
        status: 200,
        text: '{"ok":true,"tag":"a"}',
      });
      expect(sbResults.map((r) => r.status)).toEqual(['success', 'timeout']);
      expect(rieAnswers[1]?.text).toContain(
        'Task timed out after 2.00 seconds'
      );
      // The same conversation: register, subscribe, INVOKE, INVOKE, SHUTDOWN, exit.
      const kinds = (entries: Entry[]) =>
        entries.map((e) =>
          e.kind === 'event' ? (e.event as Entry).eventType : e.kind
        );
      expect(kinds(rieEntries)).toEqual(kinds(sbEntries));
      expect(kinds(sbEntries)).toEqual([
        'register',
        'subscribe',
        'INVOKE',
        'INVOKE',
        'SHUTDOWN',
        'exit',
      ]);
      expect(sbResults[1]?.reset?.extensions).toEqual([
        expect.objectContaining({
          name: 'minimal',
          exitCode: 0,
          beforeDeadline: true,
        }),
      ]);
      // Where AWS's emulator differs, answer by answer.
      expect(shape(rieEntries)).toEqual([
        {
          kind: 'register',
          status: 200,
          // No handler for a bootstrap; a trailing newline after the JSON.
          body: `{"functionName":"${NAME}","functionVersion":"$LATEST","handler":""}\n`,
        },
        {
          kind: 'subscribe',
          status: 202,
          body: '{"errorMessage":"Telemetry API is not supported","errorType":"Telemetry.NotSupported"}\n',
        },
        // No tracing object: nothing gave the invoke a trace header.
        {
          kind: 'event',
          status: 200,
          event: {
            eventType: 'INVOKE',
            deadlineMs: 'number',
            requestId: 'uuid',
            invokedFunctionArn: ARN,
          },
        },
        {
          kind: 'event',
          status: 200,
          event: {
            eventType: 'INVOKE',
            deadlineMs: 'number',
            requestId: 'uuid',
            invokedFunctionArn: ARN,
          },
        },
        // Capital T: real Lambda and the sandbox send "timeout".
        {
          kind: 'event',
          status: 200,
          event: {
            eventType: 'SHUTDOWN',
            deadlineMs: 'number',
            shutdownReason: 'Timeout',
          },
        },
        { kind: 'exit', missingReports: [] },
      ]);
      const tracing = {
        type: 'X-Amzn-Trace-Id',
        value: expect.stringMatching(/^Root=1-/),
      };
      expect(shape(sbEntries)).toEqual([
        {
          kind: 'register',
          status: 200,
          body: `{"functionName":"${NAME}","functionVersion":"$LATEST","handler":"bootstrap.handler"}`,
        },
        { kind: 'subscribe', status: 200, body: '"OK"' },
        {
          kind: 'event',
          status: 200,
          event: {
            eventType: 'INVOKE',
            deadlineMs: 'number',
            requestId: 'uuid',
            invokedFunctionArn: ARN,
            tracing,
          },
        },
        {
          kind: 'event',
          status: 200,
          event: {
            eventType: 'INVOKE',
            deadlineMs: 'number',
            requestId: 'uuid',
            invokedFunctionArn: ARN,
            tracing,
          },
        },
        {
          kind: 'event',
          status: 200,
          event: {
            eventType: 'SHUTDOWN',
            shutdownReason: 'timeout',
            deadlineMs: 'number',
          },
        },
        { kind: 'exit', missingReports: [] },
      ]);
    });

    it('on SIGTERM resets with SHUTDOWN reason "SandboxTerminated" (real Lambda: spindown) and the extension exits', async () => {
      await using dir = await tempDir();
      const dirs = await makeCrossCheckDirs(dir.path);
      await using rie = await startRie({
        layerDir: dirs.layer,
        taskDir: dirs.task,
        env: { AWS_LAMBDA_FUNCTION_NAME: NAME },
      });
      await rie.invoke({ tag: 'a', lines: 1 });

      await rie.terminate();
      const entries = await readRecords(dirs.out);

      expect(shape(entries).slice(2)).toEqual([
        {
          kind: 'event',
          status: 200,
          event: {
            eventType: 'INVOKE',
            deadlineMs: 'number',
            requestId: 'uuid',
            invokedFunctionArn: ARN,
          },
        },
        {
          kind: 'event',
          status: 200,
          event: {
            eventType: 'SHUTDOWN',
            deadlineMs: 'number',
            shutdownReason: 'SandboxTerminated',
          },
        },
        { kind: 'exit', missingReports: [] },
      ]);
    });
  }
);
