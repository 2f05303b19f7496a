import {
  type AwsClient,
  type AwsCredentials,
  awsErrorOf,
  createAwsClient,
  parseJsonObject,
  postAwsJson,
  xmlText,
} from '@logdrain/core';
import { motoAuthorization } from '@logdrain/testkit';
import { REGION, TEST_CREDENTIALS } from './helpers.js';

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
