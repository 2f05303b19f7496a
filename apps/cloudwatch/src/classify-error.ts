import {
  describeRequestError,
  outcomeFromStatus,
  type SendOutcome,
} from '@logdrain/core';

/** AWS errors a later attempt can get past, whatever their HTTP status. */
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalFailure',
  'OperationAbortedException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** Every outcome but `delivered`. */
export type FailedOutcome = Exclude<SendOutcome, { status: 'delivered' }>;

interface SdkError {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $response?: {
    readonly statusCode?: number;
    readonly headers?: Record<string, string | undefined>;
  };
}

/** The error's AWS name when it came with an HTTP answer. */
export function awsErrorName(error: unknown): string | undefined {
  return statusOf(error) === undefined ? undefined : (error as SdkError).name;
}

/**
 * Maps an AWS SDK error to an outcome, like core's outcomeFromStatus does
 * for HTTP answers: throttling and 5xx are retried (honouring Retry-After),
 * other answers (validation, access denied) rejected, and errors without
 * an answer (refused, reset, aborted) retried.
 *
 * @example
 * outcomeFromSdkError({ error, signal: ctx.signal, action: 'PutLogEvents', nowMs: Date.now() });
 */
export function outcomeFromSdkError(opts: {
  readonly error: unknown;
  readonly signal: AbortSignal;
  readonly action: string;
  readonly nowMs: number;
}): FailedOutcome {
  const { error, action } = opts;
  const status = statusOf(error);
  if (status === undefined || opts.signal.aborted) {
    return {
      status: 'retry',
      reason: `${action}: ${describeRequestError(error, opts.signal)}`,
    };
  }
  const sdk = error as SdkError;
  const detail = `${sdk.name ?? 'Error'}: ${sdk.message ?? ''}`.slice(0, 512);
  const outcome = outcomeFromStatus({
    status,
    retryAfter: sdk.$response?.headers?.['retry-after'],
    body: detail,
    nowMs: opts.nowMs,
  });
  // A 2xx never comes as an error; should one, a new attempt settles it.
  if (outcome.status === 'delivered') {
    return { status: 'retry', reason: `${action}: ${detail}` };
  }
  const reason = `${action}: ${outcome.reason}`;
  if (outcome.status === 'retry') return { ...outcome, reason };
  if (RETRYABLE_NAMES.has(sdk.name ?? '')) return { status: 'retry', reason };
  return { status: 'rejected', reason };
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const sdk = error as SdkError;
  const status = sdk.$metadata?.httpStatusCode ?? sdk.$response?.statusCode;
  return typeof status === 'number' && status > 0 ? status : undefined;
}
