import { describe, expect, it } from 'vitest';
import {
  describeRequestError,
  outcomeFromStatus,
  parseRetryAfter,
} from '../src/http-outcome.js';

const NOW_MS = Date.parse('2026-01-20T09:00:00.000Z');

describe('parseRetryAfter', () => {
  it('reads delay seconds', () => {
    expect(parseRetryAfter('2', NOW_MS)).toBe(2_000);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Tue, 20 Jan 2026 09:00:03 GMT', NOW_MS)).toBe(
      3_000
    );
  });

  it('gives 0 for a date in the past and undefined for garbage', () => {
    expect(parseRetryAfter('Tue, 20 Jan 2026 08:00:00 GMT', NOW_MS)).toBe(0);
    expect(parseRetryAfter('soon', NOW_MS)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW_MS)).toBeUndefined();
  });

  it('uses the first of repeated headers', () => {
    expect(parseRetryAfter(['1', '9'], NOW_MS)).toBe(1_000);
  });
});

describe('outcomeFromStatus', () => {
  it('delivers on any 2xx', () => {
    for (const status of [200, 202, 204]) {
      expect(outcomeFromStatus({ status, body: '', nowMs: NOW_MS })).toEqual({
        status: 'delivered',
      });
    }
  });

  it('retries 408, 425, 429 and 5xx with the Retry-After delay', () => {
    const outcome = outcomeFromStatus({
      status: 429,
      retryAfter: '1',
      body: ' slow\n down ',
      nowMs: NOW_MS,
    });

    expect(outcome).toEqual({
      status: 'retry',
      reason: 'HTTP 429: slow down',
      retryAfterMs: 1_000,
    });
    for (const status of [408, 425, 500, 502, 503, 504]) {
      expect(
        outcomeFromStatus({ status, body: '', nowMs: NOW_MS }).status
      ).toBe('retry');
    }
  });

  it('rejects other 4xx and redirects, saying why', () => {
    expect(
      outcomeFromStatus({ status: 401, body: 'bad key', nowMs: NOW_MS })
    ).toEqual({ status: 'rejected', reason: 'HTTP 401: bad key' });
    expect(outcomeFromStatus({ status: 301, body: '', nowMs: NOW_MS })).toEqual(
      {
        status: 'rejected',
        reason:
          'HTTP 301 (redirects are not followed: configure the final URL)',
      }
    );
  });
});

describe('describeRequestError', () => {
  it('names the code of a network error', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });

    const text = describeRequestError(error, new AbortController().signal);

    expect(text).toBe('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9');
  });

  it('says the request was aborted, with the reason', () => {
    const controller = new AbortController();
    controller.abort(new Error('attempt timed out after 5000 ms'));

    const text = describeRequestError(new Error('aborted'), controller.signal);

    expect(text).toBe('request aborted: attempt timed out after 5000 ms');
  });
});
