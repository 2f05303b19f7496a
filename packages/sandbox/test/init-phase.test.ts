import http from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import {
  FIXTURES,
  HANDLER,
  launcher,
  makeLayerDir,
  RECORDER,
  tempDir,
} from './helpers.js';

function post(
  runtimeApi: string,
  path: string,
  headers: Record<string, string>
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `http://${runtimeApi}${path}`,
      { method: 'POST', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          })
        );
      }
    );
    req.on('error', reject);
    req.end('{"events":["INVOKE"]}');
  });
}

describe('the Init phase', () => {
  it('times out when an extension never registers, then SIGKILLs it', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      sleeper: '#!/bin/sh\nexec sleep 30\n',
    });

    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      initTimeoutMs: 300,
    });

    expect(sandbox.initReport).toMatchObject({
      status: 'timeout',
      phase: 'init',
    });
    expect(sandbox.initReport).not.toHaveProperty('errorType');
    const report = sandbox.events.find((e) => e.type === 'platform.initReport');
    expect(report?.record).toMatchObject({ status: 'timeout', phase: 'init' });
  });

  it('waits for an extension whose register name differs from its file name', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      'file-name': launcher(RECORDER, {
        FIXTURE_NAME: 'other-name',
        FIXTURE_EVENTS: '["INVOKE"]',
        FIXTURE_SUBSCRIBE: 'none',
      }),
    });

    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      initTimeoutMs: 1_500,
    });

    expect(sandbox.initReport.status).toBe('timeout');
    expect(sandbox.apiCalls[0]).toMatchObject({
      path: '/2020-01-01/extension/register',
      status: 200,
      extension: 'other-name',
    });
  });

  it('fails Init with Extension.Crash when an extension exits, even with code 0', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      quitter: '#!/bin/sh\nexit 0\n',
    });

    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Extension.Crash',
    });
    const extension = sandbox.events.find(
      (e) => e.type === 'platform.extension'
    );
    expect(extension?.record).toEqual({
      name: 'quitter',
      state: 'Exited',
      events: [],
      errorType: 'Extension.Crash',
    });
  });

  it('fails Init with Extension.TooManyExtensions for an 11th extension', async () => {
    await using dir = await tempDir();
    const names = Array.from({ length: 11 }, (_, n) => [
      `ext-${n}`,
      launcher(RECORDER),
    ]);
    const layer = await makeLayerDir(
      join(dir.path, 'layer'),
      Object.fromEntries(names)
    );

    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Extension.TooManyExtensions',
    });
    expect(sandbox.apiCalls).toHaveLength(0);
  });

  it('reports a handler that throws at import with the runtime error type', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: join(FIXTURES, 'throwing-handler.mjs'),
    });

    const invoke = await sandbox.invoke({});

    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Runtime.Unknown',
      phase: 'invoke',
    });
    expect(invoke).toMatchObject({
      status: 'failure',
      errorType: 'Runtime.Unknown',
      error: {
        errorType: 'RangeError',
        errorMessage: 'configuration is broken',
      },
    });
    expect(
      sandbox.runtimeCalls
        .filter((c) => c.path === '/2018-06-01/runtime/init/error')
        .map((c) => c.status)
    ).toEqual([202, 202]);
  });

  it('reports a module without the handler export as Runtime.HandlerNotFound', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });

    await using sandbox = await startSandbox({
      layers: [layer],
      handler: join(FIXTURES, 'no-handler.mjs'),
    });

    expect(sandbox.initReport).toMatchObject({
      status: 'error',
      errorType: 'Runtime.HandlerNotFound',
    });
  });

  it('refuses registration after the runtime called next', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const answer = await post(
      sandbox.runtimeApi,
      '/2020-01-01/extension/register',
      { 'lambda-extension-name': 'late' }
    );

    expect(answer).toEqual({
      status: 403,
      body: {
        errorType: 'Extension.RegistrationClosed',
        errorMessage: 'Extension registration is closed',
      },
    });
  });

  it('answers the Runtime API out of order with InvalidStateTransition', async () => {
    await using dir = await tempDir();
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      recorder: launcher(RECORDER),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });

    const response = await post(
      sandbox.runtimeApi,
      '/2018-06-01/runtime/invocation/abc/response',
      {}
    );
    const initError = await post(
      sandbox.runtimeApi,
      '/2018-06-01/runtime/init/error',
      {}
    );

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      errorType: 'InvalidStateTransition',
    });
    expect(initError.status).toBe(403);
    expect(initError.body).toMatchObject({
      errorType: 'InvalidStateTransition',
    });
  });
});
