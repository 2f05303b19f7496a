import {
  type AwsAnswer,
  type AwsClient,
  createAwsClient,
} from './aws-client.js';
import type { AwsCredentials } from './aws-credentials.js';

/** One call of an AWS JSON 1.1 API (Secrets Manager, SSM). */
export interface AwsJsonCall {
  readonly endpoint: string;
  /** The signing name, `secretsmanager` or `ssm`. */
  readonly service: string;
  readonly region: string;
  /** `X-Amz-Target`, e.g. `secretsmanager.GetSecretValue`. */
  readonly target: string;
  readonly body: unknown;
  readonly credentials: AwsCredentials;
  /** For connecting, and again for the answer. */
  readonly timeoutMs: number;
}

/** The answer's status and text; the caller decides what it means. */
export interface AwsJsonAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * One SigV4-signed JSON 1.1 request on a client of its own, closed after
 * it. Rejects when there is no connection or no answer within `timeoutMs`.
 */
export async function callAwsJson(call: AwsJsonCall): Promise<AwsJsonAnswer> {
  const client = await createAwsClient({
    endpoint: call.endpoint,
    service: call.service,
    region: call.region,
    credentials: call.credentials,
    connectTimeoutMs: call.timeoutMs,
    timeoutMs: call.timeoutMs,
  });
  try {
    return await postAwsJson(client, {
      target: call.target,
      body: Buffer.from(JSON.stringify(call.body)),
    });
  } finally {
    await client.close();
  }
}

/**
 * POSTs a JSON 1.1 request (`content-type: application/x-amz-json-1.1`),
 * its body already serialized.
 *
 * @example
 * await postAwsJson(client, { target: 'Logs_20140328.CreateLogGroup', body: Buffer.from('{"logGroupName":"/app"}'), signal });
 */
export function postAwsJson(
  client: AwsClient,
  request: {
    readonly target: string;
    readonly body: Buffer;
    readonly signal?: AbortSignal | undefined;
  }
): Promise<AwsAnswer> {
  return client.post({
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': request.target,
    },
    body: request.body,
    signal: request.signal,
  });
}
