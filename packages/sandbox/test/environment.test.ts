import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import {
  FIXTURES,
  HANDLER,
  launcher,
  makeLayerDir,
  makeLayerZip,
  RECORDER,
  tempDir,
} from './helpers.js';

const ENV_EXTENSION = join(FIXTURES, 'env-extension.mjs');

describe('the execution environment', () => {
  it('gives extensions the variables of spec 1.4 and no runtime-only ones', async () => {
    await using dir = await tempDir();
    const out = join(dir.path, 'env.json');
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      envdump: launcher(ENV_EXTENSION, { FIXTURE_OUT: out }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      functionName: 'orders-api',
      memorySizeMb: 512,
      region: 'eu-west-1',
      env: { CUSTOMER_SETTING: 'yes', _PRIVATE: 'no', AWS_REGION: 'us-west-2' },
    });

    await sandbox.shutdown();

    const { env } = JSON.parse(await readFile(out, 'utf8')) as {
      env: Record<string, string>;
    };
    expect(env).toMatchObject({
      AWS_LAMBDA_RUNTIME_API: sandbox.runtimeApi,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'orders-api',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      CUSTOMER_SETTING: 'yes',
    });
    expect(typeof env.AWS_ACCESS_KEY_ID).toBe('string');
    for (const name of [
      '_PRIVATE',
      '_HANDLER',
      'LAMBDA_TASK_ROOT',
      'AWS_LAMBDA_LOG_GROUP_NAME',
      'AWS_EXECUTION_ENV',
    ]) {
      expect(env[name]).toBeUndefined();
    }
  });

  it('runs an extension from a layer zip and keeps the file modes', async () => {
    await using dir = await tempDir();
    const zip = await makeLayerZip(join(dir.path, 'layer.zip'), [
      { name: 'extensions/zipped', data: launcher(RECORDER), mode: 0o755 },
      { name: 'zipped/readme.txt', data: 'hello', mode: 0o644 },
    ]);

    await using sandbox = await startSandbox({
      layers: [zip],
      handler: HANDLER,
    });
    await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect(sandbox.extensionOutput).toEqual([
      '[zipped] registered',
      '[zipped] shutting down',
    ]);
    expect(
      await readFile(join(sandbox.optDir, 'zipped', 'readme.txt'), 'utf8')
    ).toBe('hello');
  });

  it('fails Init with Extension.LaunchError for a file that cannot be executed', async () => {
    await using dir = await tempDir();
    const zip = await makeLayerZip(join(dir.path, 'layer.zip'), [
      {
        name: 'extensions/not-executable',
        data: launcher(RECORDER),
        mode: 0o644,
      },
    ]);

    await using sandbox = await startSandbox({
      layers: [zip],
      handler: HANDLER,
    });

    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Extension.LaunchError',
    });
  });

  it('formats console output as JSON records under logFormat JSON', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      logFormat: 'JSON',
    });

    const result = await sandbox.invoke({
      tag: 'json',
      lines: 1,
      raw: 'plain text',
    });
    await sandbox.shutdown();

    const records = sandbox.events
      .filter((e) => e.type === 'function')
      .map((e) => e.record);
    expect(records[1]).toEqual({
      timestamp: expect.any(String),
      level: 'INFO',
      requestId: result.requestId,
      message: 'json 0',
    });
    expect(records[2]).toBe('plain text\n');
  });

  it('drops console lines below AWS_LAMBDA_LOG_LEVEL and normalises JSON lines written raw', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      logFormat: 'JSON',
      env: { AWS_LAMBDA_LOG_LEVEL: 'WARN' },
    });

    await sandbox.invoke({
      lines: 3,
      raw: '{"level":"shout","message":"raw json"}',
    });
    await sandbox.shutdown();

    const records = sandbox.events
      .filter((e) => e.type === 'function')
      .map((e) => e.record);
    expect(records).toEqual([
      { level: 'INFO', message: 'raw json', timestamp: expect.any(String) },
    ]);
  });

  it('answers 202 NotSupported to subscriptions in not-supported mode', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      telemetry: 'not-supported',
    });

    await sandbox.invoke({});
    await sandbox.shutdown();

    const subscribe = sandbox.apiCalls.find(
      (c) => c.path === '/2022-07-01/telemetry'
    );
    expect(subscribe?.status).toBe(202);
    expect(sandbox.deliveries).toHaveLength(0);
  });

  it('delivers Logs API records to a Logs API subscriber', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      legacy: launcher(RECORDER, {
        FIXTURE_API: 'logs',
        FIXTURE_SUBSCRIBE:
          '{"schemaVersion":"2021-03-18","types":["platform","function"],"buffering":{"timeoutMs":25}}',
      }),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const result = await sandbox.invoke({ tag: 'legacy', lines: 1 });
    await sandbox.shutdown();

    const events = sandbox.deliveries
      .filter((d) => d.status === 200)
      .flatMap((d) => d.events) as Array<{
      type: string;
      record: unknown;
    }>;
    expect(events.map((e) => e.type)).toEqual([
      'platform.logsSubscription',
      'function',
      'platform.extension',
      'platform.start',
      'function',
      'platform.runtimeDone',
      'platform.end',
      'platform.report',
    ]);
    expect(
      events.find((e) => e.type === 'platform.runtimeDone')?.record
    ).toEqual({
      requestId: result.requestId,
      status: 'success',
    });
  });
});
