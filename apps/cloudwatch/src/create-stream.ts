import type {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Logger } from '@logdrain/core';
import {
  awsErrorName,
  type FailedOutcome,
  outcomeFromSdkError,
} from './classify-error.js';

/** The SDK pieces this needs (the module is imported lazily). */
export interface CreateStreamSdk {
  readonly CreateLogGroupCommand: typeof CreateLogGroupCommand;
  readonly CreateLogStreamCommand: typeof CreateLogStreamCommand;
}

/**
 * Creates the log stream, and its log group first when that is missing;
 * either already existing is fine. Returns undefined when the stream
 * exists, else the outcome for the batch that needed it. At most three
 * requests: CreateLogStream, CreateLogGroup, CreateLogStream.
 *
 * @example
 * const failed = await createStream({ client, sdk, logGroupName, logStreamName, signal, log });
 */
export async function createStream(opts: {
  readonly client: CloudWatchLogsClient;
  readonly sdk: CreateStreamSdk;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly signal: AbortSignal;
  readonly log: Logger;
}): Promise<FailedOutcome | undefined> {
  const { client, sdk, logGroupName, signal } = opts;
  const settle = (action: string) => (error: unknown) => {
    const name = awsErrorName(error);
    if (name === 'ResourceAlreadyExistsException') return 'exists';
    if (name === 'ResourceNotFoundException') return 'no group';
    const outcome = outcomeFromSdkError({
      error,
      signal,
      action,
      nowMs: Date.now(),
    });
    return withPermissionHint(outcome);
  };
  const stream = () =>
    client
      .send(
        new sdk.CreateLogStreamCommand({
          logGroupName,
          logStreamName: opts.logStreamName,
        }),
        { abortSignal: signal }
      )
      .then(() => 'created', settle('CreateLogStream'));
  let result = await stream();
  if (result === 'no group') {
    const group = await client
      .send(new sdk.CreateLogGroupCommand({ logGroupName }), {
        abortSignal: signal,
      })
      .then(() => 'created', settle('CreateLogGroup'));
    if (typeof group !== 'string') return group;
    if (group === 'created') opts.log.info(`created log group ${logGroupName}`);
    result = await stream();
  }
  if (typeof result !== 'string') return result;
  if (result === 'no group') {
    return {
      status: 'retry',
      reason: `CreateLogStream: the log group ${logGroupName} was deleted while its stream was created`,
    };
  }
  return undefined;
}

function withPermissionHint(outcome: FailedOutcome): FailedOutcome {
  if (outcome.status !== 'rejected' || !/AccessDenied/.test(outcome.reason)) {
    return outcome;
  }
  return {
    ...outcome,
    reason: `${outcome.reason} (grant logs:CreateLogGroup and logs:CreateLogStream, or create both and set LOGDRAIN_CLOUDWATCH_CREATE=false)`,
  };
}
