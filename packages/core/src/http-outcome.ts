import type { SendOutcome } from './destination.js';

/**
 * Parses Retry-After: delay seconds or an HTTP date (RFC 9110 10.2.3).
 *
 * @example
 * parseRetryAfter('2', Date.now()); // → 2000
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/**
 * Maps an HTTP answer to an outcome: 2xx delivered; 408, 425, 429 and 5xx
 * retried (honouring Retry-After); everything else rejected. Every HTTP
 * destination uses it, so they all classify answers alike.
 *
 * @example
 * outcomeFromStatus({ status: 429, retryAfter: '1', body: '', nowMs: Date.now() });
 * // → { status: 'retry', reason: 'HTTP 429', retryAfterMs: 1000 }
 */
export function outcomeFromStatus(opts: {
  status: number;
  retryAfter?: string | string[];
  body: string;
  nowMs: number;
}): SendOutcome {
  const { status } = opts;
  if (status >= 200 && status < 300) return { status: 'delivered' };
  const detail = opts.body.trim().replace(/\s+/g, ' ');
  const reason = detail === '' ? `HTTP ${status}` : `HTTP ${status}: ${detail}`;
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(opts.retryAfter, opts.nowMs);
    return retryAfterMs === undefined
      ? { status: 'retry', reason }
      : { status: 'retry', reason, retryAfterMs };
  }
  if (status >= 300 && status < 400) {
    return {
      status: 'rejected',
      reason: `${reason} (redirects are not followed: configure the final URL)`,
    };
  }
  return { status: 'rejected', reason };
}

/**
 * Describes a failed request (no HTTP answer) so that core can tell a reset
 * connection (retried at once) from other failures.
 *
 * @example
 * describeRequestError(error); // → 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9'
 */
export function describeRequestError(
  error: unknown,
  signal: AbortSignal
): string {
  if (signal.aborted) {
    const why = signal.reason instanceof Error ? signal.reason.message : '';
    return why === '' ? 'request aborted' : `request aborted: ${why}`;
  }
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  const text = `${error.message}${cause}`;
  return typeof code === 'string' ? `${code}: ${text}` : text;
}
