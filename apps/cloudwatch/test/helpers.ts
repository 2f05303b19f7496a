import {
  type AwsClient,
  type AwsCredentials,
  awsErrorOf,
  createAwsClient,
  type FunctionContext,
  type LogEvent,
  type Logger,
  parseJsonObject,
  postAwsJson,
  type SendContext,
  xmlText,
} from '@logdrain/core';
import { type Sandbox, startSandbox } from '@logdrain/sandbox';
import { motoAuthorization, startLayerInSandbox } from '@logdrain/testkit';
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

/** CloudWatch Logs calls straight to moto, signed with core's signer. */
export interface LogsReader {
  /** The answer's JSON; throws naming the error code on a non-2xx. */
  call(action: string, body: object): Promise<Record<string, unknown>>;
  destroy(): void;
}

/** A client straight to moto (no proxy), for arranging and reading back. */
export function directClient(
  endpoint: string,
  credentials: AwsCredentials = TEST_CREDENTIALS
): LogsReader {
  let client: Promise<AwsClient> | undefined;
  return {
    async call(action, body) {
      client ??= createAwsClient({
        endpoint,
        service: 'logs',
        region: REGION,
        credentials,
        connectTimeoutMs: 2_000,
        timeoutMs: 10_000,
      });
      const answer = await postAwsJson(await client, {
        target: `Logs_20140328.${action}`,
        body: Buffer.from(JSON.stringify(body)),
      });
      if (answer.status !== 200) {
        const { code, message } = awsErrorOf(answer);
        throw new Error(`${action}: ${answer.status} ${code}: ${message}`);
      }
      return parseJsonObject(answer.text);
    },
    destroy() {
      void client?.then((c) => c.close());
    },
  };
}

export async function createGroupAndStream(
  client: LogsReader,
  logGroupName: string,
  logStreamName: string
): Promise<void> {
  await client.call('CreateLogGroup', { logGroupName });
  await client.call('CreateLogStream', { logGroupName, logStreamName });
}

interface StoredEvent {
  readonly timestamp: number;
  readonly message: string;
}

/** Every event of a stream, oldest first, following GetLogEvents' pages. */
export async function readStream(
  client: LogsReader,
  logGroupName: string,
  logStreamName: string
): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let nextToken: string | undefined;
  for (;;) {
    const page = (await client.call('GetLogEvents', {
      logGroupName,
      logStreamName,
      startFromHead: true,
      limit: 10_000,
      ...(nextToken === undefined ? {} : { nextToken }),
    })) as { events?: StoredEvent[]; nextForwardToken?: string };
    for (const event of page.events ?? []) {
      events.push({ timestamp: event.timestamp, message: event.message });
    }
    // The last page hands back the token it was given.
    if (
      (page.events ?? []).length === 0 ||
      page.nextForwardToken === nextToken
    ) {
      return events;
    }
    nextToken = page.nextForwardToken;
  }
}

/**
 * The credentials moto hands out for `roleArn` (an unsigned STS
 * AssumeRole), to read back what the layer wrote in that account.
 */
export async function assumeRoleDirect(
  url: string,
  roleArn: string
): Promise<AwsCredentials> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: motoAuthorization({ service: 'sts', region: REGION }),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: roleArn,
      RoleSessionName: 'reader',
    }),
  });
  const xml = await response.text();
  return {
    accessKeyId: xmlText(xml, 'AccessKeyId'),
    secretAccessKey: xmlText(xml, 'SecretAccessKey'),
    sessionToken: xmlText(xml, 'SessionToken'),
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

/** Every stream of a group with its events, oldest first. */
export async function readGroup(client: LogsReader, logGroupName: string) {
  const described = (await client.call('DescribeLogStreams', {
    logGroupName,
  })) as { logStreams?: Array<{ logStreamName: string }> };
  const names = (described.logStreams ?? []).map((s) => s.logStreamName);
  return Promise.all(
    names.map(async (name) => ({
      name,
      events: await readStream(client, logGroupName, name),
    }))
  );
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
