import {
  type AwsCredentials,
  awsErrorOf,
  createAwsClient,
  parseJsonObject,
  postAwsJson,
} from '@logdrain/core';
import type { AwsFailure } from './classify-error.js';

/** A CloudWatch Logs call's parsed answer, or how it failed. */
export type LogsResult =
  | { readonly ok: true; readonly json: Record<string, unknown> }
  | { readonly ok: false; readonly failure: AwsFailure };

/** CloudWatch Logs' JSON 1.1 API on one keep-alive pool. */
export interface LogsApi {
  call(action: string, body: Buffer, signal: AbortSignal): Promise<LogsResult>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 2_000;
/** Core's deadline aborts sooner; this only bounds a silent server. */
const ANSWER_TIMEOUT_MS = 30_000;
/** Logs answers are small JSON documents; a bigger one is cut here. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * CloudWatch Logs (`Logs_20140328.<action>`, signing name `logs`) at
 * `endpoint`, SigV4-signed with `credentials`.
 *
 * @example
 * const logs = await createLogsApi({ endpoint: 'https://logs.eu-west-1.amazonaws.com', region: 'eu-west-1', credentials });
 * const result = await logs.call('CreateLogGroup', Buffer.from('{"logGroupName":"/app"}'), signal);
 */
export async function createLogsApi(opts: {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: AwsCredentials | (() => Promise<AwsCredentials>);
}): Promise<LogsApi> {
  const client = await createAwsClient({
    endpoint: opts.endpoint,
    service: 'logs',
    region: opts.region,
    credentials: opts.credentials,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    timeoutMs: ANSWER_TIMEOUT_MS,
    maxAnswerBytes: MAX_ANSWER_BYTES,
  });
  return {
    async call(action, body, signal) {
      let answer: Awaited<ReturnType<typeof postAwsJson>>;
      try {
        answer = await postAwsJson(client, {
          target: `Logs_20140328.${action}`,
          body,
          signal,
        });
      } catch (error) {
        return { ok: false, failure: { error } };
      }
      if (answer.status < 200 || answer.status >= 300) {
        return { ok: false, failure: { answer, ...awsErrorOf(answer) } };
      }
      return { ok: true, json: parseJsonObject(answer.text) };
    },
    close: () => client.close(),
  };
}
