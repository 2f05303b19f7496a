import { httpCall, motoAuthorization, startMoto } from '@logdrain/testkit';
import { countTagged, type Target } from './target.js';

const REGION = 'us-east-1';

/** One CloudWatch Logs JSON API call to moto. */
async function logsCall(
  url: string,
  action: string,
  body: unknown
): Promise<Record<string, unknown>> {
  const answer = await httpCall(`${url}/`, {
    method: 'POST',
    headers: {
      authorization: motoAuthorization({ service: 'logs', region: REGION }),
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Logs_20140328.${action}`,
    },
    body: JSON.stringify(body),
  });
  if (answer.status !== 200) return {};
  return answer.json() as Record<string, unknown>;
}

/** Every event's message in every stream of `logGroupName`. */
async function readMessages(url: string, logGroupName: string) {
  const described = await logsCall(url, 'DescribeLogStreams', {
    logGroupName,
  });
  const streams = (described.logStreams ?? []) as Array<{
    logStreamName: string;
  }>;
  const messages: string[] = [];
  for (const { logStreamName } of streams) {
    let token: string | undefined;
    for (;;) {
      const page = await logsCall(url, 'GetLogEvents', {
        logGroupName,
        logStreamName,
        startFromHead: true,
        ...(token === undefined ? {} : { nextToken: token }),
      });
      const events = (page.events ?? []) as Array<{ message: string }>;
      for (const event of events) messages.push(event.message);
      const next = page.nextForwardToken as string | undefined;
      if (events.length === 0 || next === undefined || next === token) break;
      token = next;
    }
  }
  return messages;
}

/** moto; each run writes to its own log group, which the layer creates. */
export async function startCloudwatchTarget(): Promise<Target> {
  const moto = await startMoto();
  return {
    async openRun(run) {
      const group = `/logdrain-bench/${run}`;
      return {
        env: {
          LOGDRAIN_CLOUDWATCH_LOG_GROUP: group,
          LOGDRAIN_CLOUDWATCH_ENDPOINT: moto.url,
          LOGDRAIN_CLOUDWATCH_STS_ENDPOINT: moto.url,
        },
        async delivered({ tag }) {
          const messages = await readMessages(moto.url, group);
          const records = messages
            .filter((m) => m.includes(tag))
            .map((m) => JSON.parse(m) as Record<string, unknown>);
          return countTagged(records, tag);
        },
        close: async () => {},
      };
    },
    close: () => moto.stop(),
  };
}
