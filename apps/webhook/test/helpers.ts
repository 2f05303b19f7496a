import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEvent, Logger, SendContext } from '@logdrain/core';
import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import { type HttpsReceiver, startLayerInSandbox } from '@logdrain/testkit';
import type { WebhookConfig } from '../src/config.js';

/** This app's folder, where its built layer is. */
export const APP = new URL('..', import.meta.url);

/** The function context of the test events. */
export const CONTEXT = {
  functionName: 'orders',
  functionVersion: '$LATEST',
  region: 'eu-west-1',
  memorySizeMb: 128,
  accountId: '123456789012',
  architecture: 'x86_64',
  instanceId: 'f3b1c0de',
  extensionName: 'logdrain-webhook',
} as const;

/** A function log line as the decoder would hand it over. */
export function makeEvent(n: number): LogEvent {
  const time = new Date(Date.UTC(2026, 0, 20, 9, 14, 2, n)).toISOString();
  return {
    time,
    timeMs: Date.parse(time),
    type: 'function',
    stream: 'function',
    record: `${time}\treq-1\tINFO\tline ${n}\n`,
    message: `line ${n}`,
    level: 'INFO',
    requestId: 'req-1',
    coldStart: n === 0,
    context: CONTEXT,
  };
}

export function makeBatch(size: number): LogEvent[] {
  return Array.from({ length: size }, (_, n) => makeEvent(n));
}

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silent,
};

export function sendContext(
  signal: AbortSignal = new AbortController().signal
): SendContext {
  return { signal, attempt: 1, log: silent };
}

/** A config aimed at the receiver, trusting its self-signed certificate. */
export function configFor(
  receiver: HttpsReceiver,
  overrides: Partial<WebhookConfig> = {}
): WebhookConfig {
  return {
    url: receiver.url,
    headers: {},
    secret: undefined,
    format: 'json',
    compression: 'gzip',
    ca: receiver.ca,
    timeoutMs: 5_000,
    warnings: [],
    ...overrides,
  };
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
  return startLayerInSandbox({
    start: startSandbox,
    app: APP,
    functionName: 'webhook-e2e',
    ...(opts.nodePath === undefined ? {} : { nodePath: opts.nodePath }),
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

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}
