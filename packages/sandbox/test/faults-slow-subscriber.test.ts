import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import { HANDLER, launcher, makeLayerDir, tempDir } from './helpers.js';

// An extension whose listener never answers its first POST (it only closes
// the socket when the process ends) and answers 200 to the others.
const SLOW = `
import http from 'node:http';
const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API;
const call = (method, path, headers, body) => new Promise((resolve, reject) => {
  const req = http.request(api + path, { method, headers }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.headers));
  });
  req.on('error', reject);
  req.end(body);
});
let posts = 0;
const server = http.createServer((req, res) => {
  req.resume();
  posts += 1;
  if (posts > 1) res.writeHead(200).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const headers = await call('POST', '/2020-01-01/extension/register', { 'lambda-extension-name': 'slow' }, '{"events":["INVOKE","SHUTDOWN"]}');
const id = headers['lambda-extension-identifier'];
await call('PUT', '/2022-07-01/telemetry', { 'lambda-extension-identifier': id, 'content-type': 'application/json' }, JSON.stringify({
  schemaVersion: '2022-12-13', types: ['platform', 'function'],
  buffering: { maxItems: 1000, maxBytes: 262144, timeoutMs: 25 },
  destination: { protocol: 'HTTP', URI: 'http://sandbox.localdomain:' + server.address().port + '/in' },
}));
for (;;) {
  const next = await new Promise((resolve, reject) => {
    const req = http.request(api + '/2020-01-01/extension/event/next', { headers: { 'lambda-extension-identifier': id } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end();
  });
  if (next.eventType === 'SHUTDOWN') setTimeout(() => process.exit(0), 2000);
}
`;

describe('a slow subscriber', { timeout: 60_000 }, () => {
  it('has a POST that takes longer than deliveryTimeoutMs aborted and the same batch sent again', async () => {
    await using dir = await tempDir();
    const script = join(dir.path, 'slow.mjs');
    await writeFile(script, SLOW);
    const layer = await makeLayerDir(join(dir.path, 'layer'), {
      slow: launcher(script),
    });
    await using sandbox = await startSandbox({
      layers: [layer],
      handler: HANDLER,
      deliveryTimeoutMs: 300,
      shutdownBudgetMs: 5_000,
    });
    await sandbox.invoke({ lines: 5, sleepMs: 1_000 });
    await sandbox.shutdown();

    const [first, second] = sandbox.deliveries;
    expect(first?.status).toBe('error');
    expect(second?.status).toBe(200);
    expect(second?.events).toEqual(first?.events);
    const [stats] = sandbox.subscriptions;
    expect(stats?.delivered.function).toBe(sandbox.functionOutput.length);
    expect(stats?.buffered).toEqual({ platform: 0, function: 0, extension: 0 });
  });
});
