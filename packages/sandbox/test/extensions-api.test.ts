import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import {
  FIXTURES,
  HANDLER,
  launcher,
  makeLayerDir,
  RECORDER,
  readRecords,
  tempDir,
} from './helpers.js';

const PROBE = join(FIXTURES, 'probe-extension.mjs');

async function probeAnswers(): Promise<
  Map<string, { status: number; body: unknown }>
> {
  await using dir = await tempDir();
  const out = join(dir.path, 'out.ndjson');
  const layer = await makeLayerDir(join(dir.path, 'layer'), {
    probe: launcher(PROBE, { FIXTURE_OUT: out }),
  });
  await using sandbox = await startSandbox({
    layers: [layer],
    handler: HANDLER,
  });
  await sandbox.invoke({});
  await sandbox.shutdown();
  const records = await readRecords(out);
  return new Map(
    records.map((r) => [
      r.label as string,
      { status: r.status as number, body: r.body },
    ])
  );
}

describe('Extensions API', () => {
  it('answers every probe with the status and error type of spec 3.6 and 4.1', async () => {
    const answers = await probeAnswers();

    const summary = Object.fromEntries(
      [...answers].map(([label, a]) => [
        label,
        [
          a.status,
          typeof a.body === 'object' && a.body !== null
            ? (a.body as { errorType?: string }).errorType
            : a.body,
        ],
      ])
    );
    expect(summary).toEqual({
      'register without name': [403, 'Extension.InvalidExtensionName'],
      'register with empty name': [403, 'Extension.InvalidExtensionName'],
      'register with bad event': [403, 'Extension.InvalidEventType'],
      'register with configurationKeys': [403, 'InvalidRequestFormat'],
      'register with invalid JSON': [403, 'InvalidRequestFormat'],
      'internal register for SHUTDOWN': [403, 'Extension.InvalidEventType'],
      register: [200, undefined],
      'register again': [403, 'Extension.InvalidExtensionState'],
      'subscribe without identifier': [
        403,
        'Extension.MissingExtensionIdentifier',
      ],
      'subscribe with a malformed identifier': [
        403,
        'Extension.InvalidExtensionIdentifier',
      ],
      'subscribe with an unknown identifier': [
        403,
        'Extension.UnknownExtensionIdentifier',
      ],
      'subscribe with timeoutMs 10': [400, 'ValidationError'],
      'subscribe with maxBytes 1000': [400, 'ValidationError'],
      'subscribe with maxItems 20000': [400, 'ValidationError'],
      'subscribe with schema 2021-01-01': [400, 'ValidationError'],
      'subscribe with no types': [400, 'ValidationError'],
      'subscribe with type logs': [400, 'ValidationError'],
      'subscribe with https URI': [400, 'ValidationError'],
      'subscribe with host example.com': [400, 'ValidationError'],
      'subscribe with no port': [400, 'ValidationError'],
      subscribe: [200, 'OK'],
      'subscribe with the Logs API too': [400, 'ValidationError'],
      'init error without type': [403, 'Extension.MissingHeader'],
      'subscribe after init': [403, 'Telemetry.SubscriptionClosed'],
    });
  });

  it('fails Init with Extension.InitError when an extension reports an init error', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'out.ndjson');
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      broken: launcher(RECORDER, {
        FIXTURE_OUT: out,
        FIXTURE_INIT_ERROR: 'LOGDRAIN_X is missing',
      }),
      recorder: launcher(RECORDER),
    });

    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Extension.InitError',
      phase: 'init',
    });
    const answers = (await readRecords(out)).filter(
      (r) => r.kind === 'init-error'
    );
    expect(answers).toEqual([
      {
        name: 'broken',
        kind: 'init-error',
        status: 202,
        body: { status: 'OK' },
      },
    ]);
    const types = sandbox.events.map((e) => e.type);
    expect(types.filter((t) => t.startsWith('platform.init'))).toEqual([
      'platform.initStart',
      'platform.initRuntimeDone',
      'platform.initReport',
    ]);
    const report = sandbox.events.find((e) => e.type === 'platform.initReport');
    expect(report?.record).toMatchObject({
      status: 'error',
      errorType: 'Extension.InitError',
    });
    const broken = sandbox.events.find(
      (e) =>
        e.type === 'platform.extension' &&
        (e.record as { name: string }).name === 'broken'
    );
    expect(broken?.record).toEqual({
      name: 'broken',
      state: 'InitError',
      events: ['INVOKE', 'SHUTDOWN'],
      errorType: 'Extension.InitError',
    });
    expect(sandbox.extensionOutput).toContain('[broken] LOGDRAIN_X is missing');
  });

  it('runs Init again (phase invoke) on the invoke after a failed Init', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      broken: launcher(RECORDER, { FIXTURE_INIT_ERROR: 'still broken' }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const result = await sandbox.invoke({});

    expect(result).toMatchObject({
      status: 'failure',
      errorType: 'Extension.InitError',
    });
    const starts = sandbox.events.filter(
      (e) => e.type === 'platform.initStart'
    );
    expect(starts.map((e) => (e.record as { phase: string }).phase)).toEqual([
      'init',
      'invoke',
    ]);
    expect(sandbox.initReport.phase).toBe('invoke');
  });
});
