import { describe, expect, it } from 'vitest';
import { outcomeFromS3Error, type S3Answer } from '../src/s3-outcome.js';

const TARGET = 's3://my-logs/logs/x.ndjson.gz';

/** An S3 answer with an error document (code and message). */
function s3Error(code: string, status: number, retryAfter?: string): S3Answer {
  return { status, code, message: `${code} message`, retryAfter };
}

function outcomeOf(answer: S3Answer | undefined, error?: unknown) {
  return outcomeFromS3Error({
    answer,
    error,
    signal: new AbortController().signal,
    target: TARGET,
  });
}

describe('outcomeFromS3Error', () => {
  it.each([
    ['InternalError', 500],
    ['SlowDown', 503],
    ['RequestTimeout', 400],
    ['RequestTimeTooSkewed', 403],
    ['OperationAborted', 409],
  ])('retries %s (%i)', (code, status) => {
    expect(outcomeOf(s3Error(code, status))).toEqual({
      status: 'retry',
      reason: `PutObject ${TARGET}: HTTP ${status}: ${code}: ${code} message`,
    });
  });

  it('honours a Retry-After header', () => {
    expect(outcomeOf(s3Error('SlowDown', 503, '3'))).toEqual({
      status: 'retry',
      reason: `PutObject ${TARGET}: HTTP 503: SlowDown: SlowDown message`,
      retryAfterMs: 3_000,
    });
  });

  it.each([
    [
      'AccessDenied',
      403,
      "the function's role may not s3:PutObject here: see the IAM policy in the logdrain-s3 README",
    ],
    ['NoSuchBucket', 404, 'check LOGDRAIN_S3_BUCKET and LOGDRAIN_S3_REGION'],
    [
      'PermanentRedirect',
      301,
      'the bucket is in another region: set LOGDRAIN_S3_REGION to its region',
    ],
  ])('rejects %s (%i) saying what to check', (code, status, advice) => {
    const outcome = outcomeOf(s3Error(code, status));

    expect(outcome.status).toBe('rejected');
    expect('reason' in outcome && outcome.reason).toMatch(
      new RegExp(
        `^PutObject s3://my-logs/logs/x\\.ndjson\\.gz: HTTP ${status}: ${code}: .*\\(${advice.replace(/[()]/g, '\\$&')}\\)$`
      )
    );
  });

  it('reads a status without an S3 error document by its status alone', () => {
    const proxyPage: S3Answer = {
      status: 400,
      code: undefined,
      message: undefined,
      retryAfter: undefined,
    };

    expect(outcomeOf(proxyPage)).toEqual({
      status: 'rejected',
      reason: `PutObject ${TARGET}: HTTP 400`,
    });
  });

  it('retries when there was no answer', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });

    expect(outcomeOf(undefined, refused)).toEqual({
      status: 'retry',
      reason: `PutObject ${TARGET}: ECONNREFUSED: connect ECONNREFUSED`,
    });
  });

  it('retries after an abort, whatever the error says', () => {
    const controller = new AbortController();
    controller.abort(new Error('flush deadline reached'));

    const outcome = outcomeFromS3Error({
      answer: s3Error('AccessDenied', 403),
      error: undefined,
      signal: controller.signal,
      target: TARGET,
    });

    expect(outcome).toEqual({
      status: 'retry',
      reason: `PutObject ${TARGET}: request aborted: flush deadline reached`,
    });
  });
});
