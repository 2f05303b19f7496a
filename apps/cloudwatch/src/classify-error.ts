import {
  type AwsAnswer,
  describeRequestError,
  outcomeFromStatus,
  type SendOutcome,
} from '@logdrain/core';

/**
 * AWS errors a later attempt can get past, whatever their HTTP status:
 * the throttling codes the AWS SDKs retry (STS's Query protocol says
 * `Throttling`, HTTP 400), a prior request still running, and service
 * faults.
 */
const RETRYABLE_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'PriorRequestNotComplete',
  'ServiceUnavailableException',
  'InternalFailure',
  'OperationAbortedException',
]);

/** Every outcome but `delivered`. */
export type FailedOutcome = Exclude<SendOutcome, { status: 'delivered' }>;

/**
 * A call that failed: a non-2xx answer with the error it names (see
 * core's awsErrorOf), or the error of a request that got no answer.
 */
export type AwsFailure =
  | {
      readonly answer: AwsAnswer;
      readonly code: string;
      readonly message: string;
    }
  | { readonly error: unknown };

/** The error's AWS name when it came with an HTTP answer. */
export function awsErrorName(failure: AwsFailure): string | undefined {
  return 'answer' in failure ? failure.code : undefined;
}

/**
 * Maps a failed AWS call to an outcome, like core's outcomeFromStatus does
 * for HTTP answers: throttling and 5xx are retried (honouring Retry-After),
 * other answers (validation, access denied) rejected, and errors without
 * an answer (refused, reset, aborted) retried.
 *
 * @example
 * outcomeFromAwsFailure({ failure, signal: ctx.signal, action: 'PutLogEvents', nowMs: Date.now() });
 */
export function outcomeFromAwsFailure(opts: {
  readonly failure: AwsFailure;
  readonly signal: AbortSignal;
  readonly action: string;
  readonly nowMs: number;
}): FailedOutcome {
  const { failure, action } = opts;
  if (!('answer' in failure) || opts.signal.aborted) {
    const error = 'error' in failure ? failure.error : undefined;
    return {
      status: 'retry',
      reason: `${action}: ${describeRequestError(error, opts.signal)}`,
    };
  }
  const { answer } = failure;
  const detail = `${failure.code || 'Error'}: ${failure.message}`.slice(0, 512);
  const outcome = outcomeFromStatus({
    status: answer.status,
    retryAfter: answer.headers['retry-after'],
    body: detail,
    nowMs: opts.nowMs,
  });
  // A 2xx never comes as a failure; should one, a new attempt settles it.
  if (outcome.status === 'delivered') {
    return { status: 'retry', reason: `${action}: ${detail}` };
  }
  const reason = `${action}: ${outcome.reason}`;
  if (outcome.status === 'retry') return { ...outcome, reason };
  if (RETRYABLE_NAMES.has(failure.code)) return { status: 'retry', reason };
  return { status: 'rejected', reason };
}
