import type { LogEvent, Logger, SendContext } from '@logdrain/core';
import type { HttpsReceiver } from '@logdrain/testkit';
import type { WebhookConfig } from '../src/config.js';

const CONTEXT = {
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
