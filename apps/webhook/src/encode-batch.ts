import { joinEventsJson, type LogEvent } from '@logdrain/core';

/** How a batch is laid out in the request body. */
export type WebhookFormat = 'json' | 'ndjson';

/**
 * One JSON array of LogEvents, or one LogEvent per line (NDJSON, each line
 * ending in a newline).
 *
 * @example
 * encodeBatch([event], 'ndjson'); // → '{"time":…}\n'
 */
export function encodeBatch(
  batch: readonly LogEvent[],
  format: WebhookFormat
): string {
  return format === 'json'
    ? `[${joinEventsJson(batch, ',')}]`
    : `${joinEventsJson(batch, '\n')}\n`;
}

/** Signs and identifies request bodies. */
export interface BatchSigning {
  /**
   * The signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
   * "<t>.<body>">` where body is the uncompressed payload.
   */
  signPayload(opts: {
    secret: string;
    payload: string;
    unixSeconds: number;
  }): string;
  /**
   * A content-derived id of the request body as sent (compressed or not):
   * a retried batch carries the same id, so a receiver can drop the
   * duplicate of a batch whose answer was lost.
   */
  batchId(body: Buffer | string): string;
}

/**
 * Loads node:crypto (here, not at the top of the bundle: the bundle's static
 * imports load before the extension registers, and node:crypto costs ~3 ms).
 *
 * @example
 * const { signPayload, batchId } = await loadBatchSigning();
 * signPayload({ secret: 's3cret', payload: '[]', unixSeconds: 1767225600 });
 * batchId('[]'); // → '4f53cda18c2baa0c0354bb5f9a3ecbe5'
 */
export async function loadBatchSigning(): Promise<BatchSigning> {
  const { createHash, createHmac } = await import('node:crypto');
  return {
    signPayload(opts) {
      const v1 = createHmac('sha256', opts.secret)
        .update(`${opts.unixSeconds}.`)
        .update(opts.payload)
        .digest('hex');
      return `t=${opts.unixSeconds},v1=${v1}`;
    },
    batchId: (body) =>
      createHash('sha256').update(body).digest('hex').slice(0, 32),
  };
}
