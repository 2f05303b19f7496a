import type { Logger } from '@logdrain/core';
import {
  awsErrorName,
  type FailedOutcome,
  outcomeFromAwsFailure,
} from './classify-error.js';
import type { LogsApi } from './logs-api.js';

type Settled = 'created' | 'exists' | 'no group' | FailedOutcome;

/**
 * Creates the log stream, and its log group first when that is missing;
 * either already existing is fine. Returns undefined when the stream
 * exists, else the outcome for the batch that needed it. At most three
 * requests: CreateLogStream, CreateLogGroup, CreateLogStream.
 *
 * @example
 * const failed = await createStream({ logs, logGroupName, logStreamName, signal, log });
 */
export async function createStream(opts: {
  readonly logs: LogsApi;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly signal: AbortSignal;
  readonly log: Logger;
}): Promise<FailedOutcome | undefined> {
  const { logs, logGroupName, signal } = opts;
  const call = async (action: string, body: object): Promise<Settled> => {
    const result = await logs.call(
      action,
      Buffer.from(JSON.stringify(body)),
      signal
    );
    if (result.ok) return 'created';
    const name = awsErrorName(result.failure);
    if (name === 'ResourceAlreadyExistsException') return 'exists';
    if (name === 'ResourceNotFoundException') return 'no group';
    const outcome = outcomeFromAwsFailure({
      failure: result.failure,
      signal,
      action,
      nowMs: Date.now(),
    });
    return withPermissionHint(outcome);
  };
  const stream = () =>
    call('CreateLogStream', {
      logGroupName,
      logStreamName: opts.logStreamName,
    });
  let result = await stream();
  if (result === 'no group') {
    const group = await call('CreateLogGroup', { logGroupName });
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
