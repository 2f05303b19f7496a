import type { AwsAnswer, AwsClient } from './aws-client.js';

/**
 * POSTs a JSON 1.1 request (`content-type: application/x-amz-json-1.1`),
 * its body already serialized, to the client's endpoint.
 *
 * @example
 * await postAwsJson(client, { target: 'Logs_20140328.CreateLogGroup', body: Buffer.from('{"logGroupName":"/app"}'), signal });
 */
export function postAwsJson(
  client: AwsClient,
  request: {
    /** `X-Amz-Target`, e.g. `secretsmanager.GetSecretValue`. */
    readonly target: string;
    readonly body: Buffer;
    readonly signal?: AbortSignal | undefined;
  }
): Promise<AwsAnswer> {
  return client.send({
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': request.target,
    },
    body: request.body,
    signal: request.signal,
  });
}
