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
  'RequestTimeTooSkewed', // 403 even after core's client signed again at S3's Date
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

/** S3's answer to a PutObject that failed. */
export interface S3Answer {
  readonly status: number;
  /** `<Code>` of the error document; undefined when the body had none. */
  readonly code: string | undefined;
  readonly message: string | undefined;
  /** The Retry-After header. */
  readonly retryAfter: string | undefined;
}

/**
 * Maps a failed PutObject to an outcome: an S3 answer by its status and
 * code (throttling and 5xx retry, honouring Retry-After; AccessDenied,
 * NoSuchBucket and other refusals are rejected with advice); no answer at
 * all (refused, reset, aborted) retries.
 *
 * @example
 * return outcomeFromS3Error({ answer, error: undefined, signal: ctx.signal, target: 's3://logs/x' });
 */
export function outcomeFromS3Error(opts: {
  /** Undefined when no answer came; `error` then says why. */
  readonly answer: S3Answer | undefined;
  readonly error: unknown;
  readonly signal: AbortSignal;
  /** `s3://bucket/key`, for the reason. */
  readonly target: string;
}): SendOutcome {
  const { answer } = opts;
  if (opts.signal.aborted || answer === undefined) {
    return {
      status: 'retry',
      reason: `PutObject ${opts.target}: ${describeRequestError(opts.error, opts.signal)}`,
    };
  }
  const { status, code } = answer;
  // A body S3 did not write (a proxy's, a load balancer's) has no code.
  const detail = code === undefined ? '' : `${code}: ${answer.message ?? ''}`;
  const outcome = outcomeFromStatus({
    status,
    retryAfter: answer.retryAfter,
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
