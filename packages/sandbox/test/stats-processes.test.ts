import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import { HANDLER, launcher, makeLayerDir, tempDir } from './helpers.js';

const HOG_MIB = 64;

// The fixtures' Extensions API call: resolves with the answer's headers.
const CALL = `
import http from 'node:http';
const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2020-01-01/extension';
const call = (method, path, headers, body) => new Promise((resolve, reject) => {
  const req = http.request(api + path, { method, headers }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.headers));
  });
  req.on('error', reject);
  req.end(body);
});
`;

// Registers for SHUTDOWN, then on SHUTDOWN fills a 64 MiB buffer, holds it
// for 300 ms and exits 7: the peak must be seen although it comes last.
const HOG = `${CALL}const headers = await call('POST', '/register', { 'lambda-extension-name': 'hog' }, '{"events":["SHUTDOWN"]}');
const id = headers['lambda-extension-identifier'];
await call('GET', '/event/next', { 'lambda-extension-identifier': id });
const hog = Buffer.alloc(${HOG_MIB} * 1024 * 1024, 1);
setTimeout(() => process.exit(hog.length > 0 ? 7 : 0), 300);
`;

// Registers, spins until it used 80 ms of CPU, then calls next until SHUTDOWN.
const SPINNER = `${CALL}const headers = await call('POST', '/register', { 'lambda-extension-name': 'spinner' }, '{"events":["SHUTDOWN"]}');
const id = headers['lambda-extension-identifier'];
const start = process.cpuUsage();
const spent = () => { const u = process.cpuUsage(start); return (u.user + u.system) / 1000; };
while (spent() < 80);
await call('GET', '/event/next', { 'lambda-extension-identifier': id });
`;

describe('process stats', { timeout: 60_000 }, () => {
  it('reports spawn, register, ready, peak RSS, CPU and exit of each process', async () => {
    await using dir = await tempDir();
    const script = join(dir.path, 'hog.mjs');
    await writeFile(script, HOG);
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      hog: launcher(script),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });
    await sandbox.invoke({ lines: 3 });
    const shutdown = await sandbox.shutdown();

    expect(sandbox.extensionStats).toHaveLength(1);
    const hog = sandbox.extensionStats[0];
    const exit = shutdown.extensions[0];
    expect(hog).toMatchObject({
      name: 'hog',
      kind: 'extension',
      generation: 0,
      exitCode: 7,
      signal: null,
      exitedAtMs: exit?.exitedAtMs,
    });
    expect(typeof hog?.pid).toBe('number');
    const at = (n: number | undefined) => n ?? Number.NaN;
    expect(at(hog?.registeredAtMs)).toBeGreaterThanOrEqual(
      at(hog?.spawnedAtMs)
    );
    expect(at(hog?.firstNextAtMs)).toBeGreaterThanOrEqual(
      at(hog?.registeredAtMs)
    );
    expect(at(hog?.exitedAtMs)).toBeGreaterThanOrEqual(at(hog?.firstNextAtMs));
    expect(at(hog?.peakRssBytes)).toBeGreaterThan(HOG_MIB * 1024 * 1024);
    expect(at(hog?.cpuMs)).toBeGreaterThan(0);

    expect(sandbox.runtimeStats).toHaveLength(1);
    const runtime = sandbox.runtimeStats[0];
    expect(runtime).toMatchObject({
      name: 'handler.mjs',
      kind: 'runtime',
      generation: 0,
    });
    expect(at(runtime?.firstNextAtMs)).toBeGreaterThanOrEqual(
      at(runtime?.spawnedAtMs)
    );
    expect(at(runtime?.peakRssBytes)).toBeGreaterThan(0);
    expect(runtime?.exitedAtMs).toBeDefined();
  });

  it('keeps the stats of every generation across a reset', async () => {
    await using dir = await tempDir();
    const script = join(dir.path, 'hog.mjs');
    await writeFile(script, HOG);
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      hog: launcher(script),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });
    const crashed = await sandbox.invoke({ exitCode: 2 });
    await sandbox.invoke({});
    await sandbox.shutdown();

    expect(crashed.status).toBe('failure');
    expect(sandbox.extensionStats.map((s) => s.generation)).toEqual([0, 1]);
    expect(sandbox.runtimeStats.map((s) => s.generation)).toEqual([0, 1]);
    expect(sandbox.runtimeStats[0]?.exitCode).toBe(2);
    expect(sandbox.extensionStats.map((s) => s.exitCode)).toEqual([7, 7]);
  });

  it('reads the CPU time of all threads at register and at the first next', async () => {
    await using dir = await tempDir();
    const script = join(dir.path, 'spinner.mjs');
    await writeFile(script, SPINNER);
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      spinner: launcher(script),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
    });
    await sandbox.shutdown();

    const spinner = sandbox.extensionStats[0];
    const atRegister = spinner?.cpuAtRegisterMs ?? Number.NaN;
    const atReady = spinner?.cpuAtReadyMs ?? Number.NaN;
    // Node's own start costs CPU before the register call.
    expect(atRegister).toBeGreaterThan(5);
    // The 80 ms spin lies between the two readings.
    expect(atReady - atRegister).toBeGreaterThanOrEqual(75);
    expect(atReady - atRegister).toBeLessThan(400);
  });
});
