import type {
  FunctionContext,
  LogEvent,
  Logger,
  SendContext,
} from '@logdrain/core';
import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import { startLayerInSandbox } from '@logdrain/testkit';
import type { CloudwatchConfig } from '../src/config.js';
import { DEFAULT_LOG_STREAM } from '../src/config.js';

export const REGION = 'eu-west-1';

/** This app's folder, where its built layer is. */
export const APP = new URL('..', import.meta.url);

/** Credentials moto accepts (it checks no signature). */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

export const CONTEXT: FunctionContext = Object.freeze({
  functionName: 'orders-api',
  functionVersion: '$LATEST',
  region: REGION,
  memorySizeMb: 128,
  accountId: '123456789012',
  architecture: 'x86_64',
  instanceId: 'c0ffee00',
  extensionName: 'logdrain-cloudwatch',
});

/** A config aimed at `endpoint`, as parseCloudwatchConfig would build it. */
export function testConfig(
  endpoint: string,
  overrides: Partial<CloudwatchConfig> = {}
): CloudwatchConfig {
  return Object.freeze({
    logGroup: '/logdrain/test',
    logStreamTemplate: DEFAULT_LOG_STREAM,
    region: REGION,
    roleArn: undefined,
    create: true,
    format: 'json',
    endpoint,
    stsEndpoint: endpoint,
    warnings: [],
    ...overrides,
  });
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

export const silentLogger = silent;

/** A function log line at `timeMs`. */
export function lineEvent(opts: { message: string; timeMs: number }): LogEvent {
  const time = new Date(opts.timeMs).toISOString();
  return {
    time,
    timeMs: opts.timeMs,
    type: 'function',
    stream: 'function',
    record: `${time}\treq-1\tINFO\t${opts.message}\n`,
    message: opts.message,
    level: 'INFO',
    requestId: 'req-1',
    coldStart: false,
    context: CONTEXT,
  };
}

/** The message of each JSON event (the layer's default format). */
export function jsonMessages(
  events: ReadonlyArray<{ message: string }>
): string[] {
  return events.map(
    (event) => (JSON.parse(event.message) as { message: string }).message
  );
}

/** The built layer in a sandbox, aimed at moto for Logs and STS. */
export function startLayer(opts: {
  motoUrl: string;
  env?: Record<string, string>;
}): Promise<Sandbox> {
  return startLayerInSandbox({
    start: startSandbox,
    app: APP,
    functionName: 'cloudwatch-e2e',
    region: REGION,
    env: {
      LOGDRAIN_CLOUDWATCH_ENDPOINT: opts.motoUrl,
      LOGDRAIN_CLOUDWATCH_STS_ENDPOINT: opts.motoUrl,
      ...opts.env,
    },
  });
}

/** The messages of the `function` records among JSON events, in order. */
export function functionLines(
  events: ReadonlyArray<{ message: string }>
): string[] {
  return events
    .map((e) => JSON.parse(e.message) as { type: string; message: string })
    .filter((record) => record.type === 'function')
    .map((record) => record.message);
}
