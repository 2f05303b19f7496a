import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/index.js';
import { HANDLER, launcher, makeLayerDir, tempDir } from '../helpers.js';
import {
  HELD_PROCESS,
  startHeldEnvironment,
} from './support/held-environment.js';
import { PATHS, pendingCall } from './support/raw-call.js';
import { as, registerAs } from './support/register-as.js';

const RUNTIME_ONLY = [
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  '_HANDLER',
];
const SHARED = [
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'TZ',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
];

describe('spec 1.4 Environment variables, 1.5 how external extensions are found and started', {
  timeout: 60_000,
}, () => {
  it('1.4: gives the runtime every reserved variable and the extensions all but the runtime-only and "_" ones', async () => {
    await using env = await startHeldEnvironment({
      extensions: ['alpha'],
      heldRuntime: true,
      sandbox: {
        functionName: 'orders-api',
        region: 'eu-west-1',
        memorySizeMb: 512,
        env: { MY_SETTING: 'on', _MY_PRIVATE: 'hidden' },
      },
    });
    const alpha = await env.extension('alpha');
    const id = await registerAs(alpha.api, 'alpha');
    const runtime = await env.runtime();
    void pendingCall(runtime.api, 'GET', PATHS.runtimeNext);
    void pendingCall(alpha.api, 'GET', PATHS.next, { headers: as(id) });
    await env.started;

    for (const name of SHARED) {
      expect(alpha.env).toHaveProperty(name);
      expect(runtime.env[name]).toBe(alpha.env[name]);
    }
    for (const name of RUNTIME_ONLY) {
      expect(alpha.env).not.toHaveProperty(name);
      expect(runtime.env).toHaveProperty(name);
    }
    expect(alpha.env.AWS_LAMBDA_RUNTIME_API).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(alpha.env).toMatchObject({
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'orders-api',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      MY_SETTING: 'on',
    });
    expect(alpha.env).not.toHaveProperty('_MY_PRIVATE');
    expect(runtime.env).toMatchObject({
      _HANDLER: 'held-handler.handler',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders-api',
      MY_SETTING: 'on',
      _MY_PRIVATE: 'hidden',
    });
    expect(runtime.env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(
      /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/
    );
  });

  it('1.5: a sub-directory is no extension; a file that cannot be executed fails Init with Extension.LaunchError', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {});
    await mkdir(join(layer, 'extensions', 'folder'));
    await writeFile(
      join(layer, 'extensions', 'folder', 'inner'),
      launcher(HELD_PROCESS)
    );
    await chmod(join(layer, 'extensions', 'folder', 'inner'), 0o755);
    await writeFile(
      join(layer, 'extensions', 'noexec'),
      launcher(HELD_PROCESS)
    );
    await chmod(join(layer, 'extensions', 'noexec'), 0o644);

    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Extension.LaunchError',
    });
    expect(
      sandbox.events
        .filter((e) => e.type === 'platform.extension')
        .map((e) => e.record)
    ).toEqual([
      {
        name: 'noexec',
        state: 'LaunchError',
        events: [],
        errorType: 'Extension.LaunchError',
      },
    ]);
  });

  it('1.5: honours /opt/disable-extensions-jwigqn8j', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      noexec: '#!/bin/sh\nexit 3\n',
    });
    await writeFile(join(layer, 'disable-extensions-jwigqn8j'), '');

    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });
    const result = await sandbox.invoke({});

    expect(sandbox.initReport.status).toBe('success');
    expect(result.status).toBe('success');
    expect(sandbox.events.some((e) => e.type === 'platform.extension')).toBe(
      false
    );
  });
});
