import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import type { HttpsReceiver } from '@logdrain/testkit';

/** The layer `pnpm build` made: the tests run exactly what ships. */
export const LAYER_ZIP = fileURLToPath(
  new URL('../dist/layer.zip', import.meta.url)
);
const HANDLER = fileURLToPath(
  new URL('./fixtures/lines-handler.mjs', import.meta.url)
);

export async function assertLayerBuilt(): Promise<void> {
  await stat(LAYER_ZIP).catch(() => {
    throw new Error(
      `${LAYER_ZIP} is missing: run \`pnpm --filter @logdrain/webhook... build\` first`
    );
  });
}

/** A folder for the receiver's CA file, removed on dispose. */
export async function makeWorkDir() {
  const path = await mkdtemp(join(tmpdir(), 'webhook-e2e-'));
  return {
    path,
    [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }),
  };
}

/** The built layer in a sandbox, pointed at the receiver and trusting it. */
export async function startLayer(opts: {
  receiver: HttpsReceiver;
  workDir: string;
  env?: Record<string, string>;
  /** The Node.js binary for the runtime and the layer; default this one. */
  nodePath?: string;
}): Promise<Sandbox> {
  const caFile = join(opts.workDir, `ca-${opts.receiver.port}.pem`);
  await writeFile(caFile, opts.receiver.ca);
  return startSandbox({
    layers: [LAYER_ZIP],
    handler: HANDLER,
    functionName: 'webhook-e2e',
    nodePath: opts.nodePath,
    env: {
      LOGDRAIN_WEBHOOK_URL: opts.receiver.url,
      LOGDRAIN_WEBHOOK_CA_FILE: caFile,
      ...opts.env,
    },
  });
}

/** Messages of the function lines the receiver accepted. */
export function functionMessages(receiver: HttpsReceiver): string[] {
  return receiver.acceptedRecords
    .filter((r) => (r as { type?: unknown }).type === 'function')
    .map((r) => String((r as { message?: unknown }).message));
}

/** The lines lines-handler.mjs writes for these tags. */
export function expectedMessages(tags: readonly string[], lines: number) {
  return tags.flatMap((tag) =>
    Array.from({ length: lines }, (_, n) => `${tag} line ${n}`)
  );
}

/** How the received lines compare with the expected ones. */
export function compareLines(
  received: readonly string[],
  expected: readonly string[]
) {
  const seen = new Map<string, number>();
  for (const line of received) seen.set(line, (seen.get(line) ?? 0) + 1);
  const expectedSet = new Set(expected);
  return {
    received: received.length,
    missing: expected.filter((line) => !seen.has(line)).length,
    duplicated: [...seen.values()].filter((count) => count > 1).length,
    unexpected: [...seen.keys()].filter((line) => !expectedSet.has(line))
      .length,
  };
}

/** The extension's own log entries (JSON lines on stderr). */
export function extensionLog(sandbox: Sandbox) {
  return sandbox.extensionOutput.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return typeof entry.msg === 'string'
        ? [entry as { level: string; msg: string } & Record<string, unknown>]
        : [];
    } catch {
      return [];
    }
  });
}

/** POSTs a raw body to the extension's listener (plain HTTP on loopback). */
export function postToListener(port: number, body: string) {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', method: 'POST', agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }
    );
    req.on('error', reject);
    req.setHeader('content-type', 'application/json');
    req.end(body);
  });
}

export function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}
