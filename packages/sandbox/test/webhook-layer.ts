// The built webhook layer (apps/webhook/dist/layer.zip) and a plain HTTP
// receiver on 127.0.0.1 for it (the layer accepts http to loopback), for the
// Managed Instances and CLI tests. The layer is built when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const WEBHOOK_LAYER = fileURLToPath(
  new URL('../../../apps/webhook/dist/layer.zip', import.meta.url)
);

/** Builds the webhook layer (and what it depends on) unless it exists. */
export function ensureWebhookLayer(): string {
  // Test files run in parallel: one builds, the others wait for it.
  const lock = join(tmpdir(), 'logdrain-sandbox-webhook-build.lock');
  const giveUpAtMs = Date.now() + 10 * 60_000;
  while (!existsSync(WEBHOOK_LAYER)) {
    if (Date.now() > giveUpAtMs) {
      throw new Error(`${WEBHOOK_LAYER} is missing and ${lock} stays held`);
    }
    try {
      mkdirSync(lock);
    } catch {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      continue;
    }
    try {
      execFileSync('pnpm', ['--filter', '@logdrain/webhook...', 'build'], {
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        stdio: 'ignore',
      });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return WEBHOOK_LAYER;
}

/** What the layer posted: every record of every accepted body. */
export interface Receiver extends AsyncDisposable {
  url: string;
  records: Array<Record<string, unknown>>;
}

/** Accepts JSON array bodies (gzip or not) and answers 200. */
export async function startReceiver(): Promise<Receiver> {
  const records: Array<Record<string, unknown>> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      records.push(...(JSON.parse(body.toString('utf8')) as typeof records));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/in`,
    records,
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
