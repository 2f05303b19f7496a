import {
  describeRequestError,
  outcomeFromStatus,
  type SendOutcome,
} from '@logdrain/core';

/**
 * S3 error codes that a later attempt can fix although their status is a
 * 4xx (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */
const RETRYABLE_CODES = new Set([
  'RequestTimeout', // 400: the upload stalled
  'RequestTimeTooSkewed', // 403: the SDK corrects its clock from the answer
  'OperationAborted', // 409: a conflicting operation on the bucket
  'TokenRefreshRequired', // 400
  'SlowDown', // 503, but say so whatever the status
]);

/** What a refusal means for the user, by S3 error code. */
const ADVICE: Readonly<Record<string, string>> = {
  AccessDenied:
    "the function's role may not s3:PutObject here: see the IAM policy in the logdrain-s3 README",
  NoSuchBucket: 'check LOGDRAIN_S3_BUCKET and LOGDRAIN_S3_REGION',
  PermanentRedirect:
    'the bucket is in another region: set LOGDRAIN_S3_REGION to its region',
  AuthorizationHeaderMalformed:
    'the bucket is in another region: set LOGDRAIN_S3_REGION to its region',
  InvalidStorageClass: 'LOGDRAIN_S3_STORAGE_CLASS is not valid for this store',
  'KMS.NotFoundException': 'LOGDRAIN_S3_KMS_KEY_ID names no key',
  KMSAccessDenied:
    "the function's role may not kms:GenerateDataKey on LOGDRAIN_S3_KMS_KEY_ID",
};

/** The parts of an SDK error this mapping reads. */
interface SdkError {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly Code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * Maps a failed PutObject to an outcome: an S3 answer by its status and
 * code (throttling and 5xx retry, honouring Retry-After; AccessDenied,
 * NoSuchBucket and other refusals are rejected with advice); no answer at
 * all (refused, reset, aborted) retries.
 *
 * @example
 * return outcomeFromS3Error({ error, retryAfter, signal: ctx.signal, target: 's3://logs/x' });
 */
export function outcomeFromS3Error(opts: {
  readonly error: unknown;
  /** The answer's Retry-After header, when there was an answer. */
  readonly retryAfter: string | undefined;
  readonly signal: AbortSignal;
  /** `s3://bucket/key`, for the reason. */
  readonly target: string;
}): SendOutcome {
  const error = (opts.error ?? {}) as SdkError;
  const status = error.$metadata?.httpStatusCode;
  if (opts.signal.aborted || typeof status !== 'number') {
    return {
      status: 'retry',
      reason: `PutObject ${opts.target}: ${describeRequestError(opts.error, opts.signal)}`,
    };
  }
  const code = errorCode(error);
  const message = typeof error.message === 'string' ? error.message : '';
  // A body S3 did not write (a proxy's, a load balancer's) has no code.
  const detail = code === undefined ? '' : `${code}: ${message}`;
  const outcome = outcomeFromStatus({
    status,
    retryAfter: opts.retryAfter,
    body: detail,
    nowMs: Date.now(),
  });
  const reason = `PutObject ${opts.target}: ${'reason' in outcome ? outcome.reason : `HTTP ${status}`}`;
  if (code !== undefined && RETRYABLE_CODES.has(code)) {
    return outcome.status === 'retry' && outcome.retryAfterMs !== undefined
      ? { status: 'retry', reason, retryAfterMs: outcome.retryAfterMs }
      : { status: 'retry', reason };
  }
  if (outcome.status === 'rejected') {
    const advice = code === undefined ? undefined : ADVICE[code];
    return {
      status: 'rejected',
      reason: advice === undefined ? reason : `${reason} (${advice})`,
    };
  }
  return outcome.status === 'retry' ? { ...outcome, reason } : outcome;
}

function errorCode(error: SdkError): string | undefined {
  if (typeof error.Code === 'string' && error.Code !== '') return error.Code;
  const name = error.name;
  // Deserialization failures (a body that is not S3's XML) are plain Errors.
  if (typeof name !== 'string' || name === 'Error') return undefined;
  return name;
}
