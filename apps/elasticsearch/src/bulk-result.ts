import type { LogEvent, SendOutcome } from '@logdrain/core';

interface BulkItemResult {
  readonly status?: unknown;
  readonly error?: { readonly type?: unknown; readonly reason?: unknown };
}

/**
 * Reads a _bulk answer (HTTP 200) item by item, in request order:
 * - 2xx, and 409 (the document exists: a replay of a bulk whose answer was
 *   lost, since ids derive from content) → delivered;
 * - 429 and 5xx (a full queue, a shard not available) → retried, only those;
 * - anything else (a mapping conflict, a malformed document) → rejected,
 *   counted, with the first reason in the outcome.
 * When some items must be retried and others were refused, the outcome is
 * `retry` with both in `remaining`: the refused ones are refused again on
 * the retry, once the retryable ones went through, and then counted.
 *
 * @example
 * outcomeFromBulk({ json: { errors: false, items }, events: batch });
 */
export function outcomeFromBulk(opts: {
  readonly json: unknown;
  readonly events: readonly LogEvent[];
}): SendOutcome {
  const { events } = opts;
  const body = opts.json as { errors?: unknown; items?: unknown } | null;
  const items = Array.isArray(body?.items) ? body.items : undefined;
  if (items === undefined || items.length !== events.length) {
    // Without one answer per document nothing is known; ids make a resend
    // harmless (what was stored answers 409).
    return {
      status: 'retry',
      reason: `_bulk answered 200 with ${items?.length ?? 'no'} items for ${events.length} documents`,
    };
  }
  if (body?.errors === false) return { status: 'delivered' };
  const retry: LogEvent[] = [];
  const refused: LogEvent[] = [];
  let firstRetry = '';
  let firstRefusal = '';
  for (const [n, item] of items.entries()) {
    const result = firstValue(item);
    const status = typeof result?.status === 'number' ? result.status : 0;
    const event = events[n];
    if (event === undefined) continue;
    if ((status >= 200 && status < 300) || status === 409) continue;
    const why = describeItemError(status, result);
    if (status === 429 || status >= 500) {
      retry.push(event);
      firstRetry ||= why;
    } else {
      refused.push(event);
      firstRefusal ||= why;
    }
  }
  if (retry.length > 0) {
    const also =
      refused.length > 0
        ? `; ${refused.length} refused (first: ${firstRefusal}), sent again once to be counted`
        : '';
    return {
      status: 'retry',
      reason: `${retry.length} of ${events.length} documents not indexed yet (first: ${firstRetry})${also}`,
      remaining: [...retry, ...refused],
    };
  }
  if (refused.length > 0) {
    return {
      status: 'rejected',
      reason: `${refused.length} of ${events.length} documents refused (first: ${firstRefusal})`,
      remaining: refused,
    };
  }
  return { status: 'delivered' };
}

function firstValue(item: unknown): BulkItemResult | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const [value] = Object.values(item);
  return typeof value === 'object' && value !== null
    ? (value as BulkItemResult)
    : undefined;
}

function describeItemError(
  status: number,
  result: BulkItemResult | undefined
): string {
  const type = result?.error?.type;
  const reason = result?.error?.reason;
  const text = [type, reason]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(': ')
    // Elasticsearch quotes the offending value: payloads stay out of logs.
    .replace(/\s*Preview of field's value: .*$/s, '');
  const short = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return short === '' ? `HTTP ${status}` : `HTTP ${status} ${short}`;
}
