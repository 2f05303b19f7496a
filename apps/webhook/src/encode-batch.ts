import { joinEventsJson, type LogEvent } from '@logdrain/core';

/** How a batch is laid out in the request body. */
export type WebhookFormat = 'json' | 'ndjson';

/**
 * Events per piece: about 80 KB of JSON for ~100-byte log lines, below
 * V8's large-object size, so each piece dies young instead of piling up in
 * the large-object space until a full garbage collection.
 */
const PIECE_EVENTS = 128;

/**
 * The request body in pieces whose concatenation is one JSON array of
 * LogEvents, or one LogEvent per line (NDJSON, each line ending in a
 * newline): the same text as serializing the whole batch at once, without
 * ever holding all of it as one string.
 *
 * @example
 * [...batchPieces([event], 'ndjson')].join(''); // → '{"time":…}\n'
 */
export function* batchPieces(
  batch: readonly LogEvent[],
  format: WebhookFormat
): Generator<string> {
  const separator = format === 'json' ? ',' : '\n';
  if (format === 'json') yield '[';
  for (let start = 0; start < batch.length; start += PIECE_EVENTS) {
    const text = joinEventsJson(
      batch.slice(start, start + PIECE_EVENTS),
      separator
    );
    yield start === 0 ? text : `${separator}${text}`;
  }
  yield format === 'json' ? ']' : '\n';
}

/**
 * Signs a body piece by piece: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">` where body is the uncompressed payload.
 */
export interface PayloadSigner {
  update(piece: string): void;
  /** The signature header value; call once, after the last piece. */
  header(): string;
}

/** Signs and identifies request bodies. */
export interface BatchSigning {
  createSigner(opts: { secret: string; unixSeconds: number }): PayloadSigner;
  /**
   * A content-derived id of the request body as sent (compressed or not):
   * a retried batch carries the same id, so a receiver can drop the
   * duplicate of a batch whose answer was lost.
   */
  batchId(body: Buffer): string;
}

/**
 * Loads node:crypto (here, not at the top of the bundle: the bundle's static
 * imports load before the extension registers, and node:crypto costs ~3 ms).
 *
 * @example
 * const { createSigner, batchId } = await loadBatchSigning();
 * const signer = createSigner({ secret: 's3cret', unixSeconds: 1767225600 });
 * signer.update('[]');
 * signer.header(); // → 't=1767225600,v1=…'
 * batchId(Buffer.from('[]')); // → '4f53cda18c2baa0c0354bb5f9a3ecbe5'
 */
export async function loadBatchSigning(): Promise<BatchSigning> {
  const { createHash, createHmac } = await import('node:crypto');
  return {
    createSigner({ secret, unixSeconds }) {
      const hmac = createHmac('sha256', secret).update(`${unixSeconds}.`);
      return {
        update: (piece) => void hmac.update(piece),
        header: () => `t=${unixSeconds},v1=${hmac.digest('hex')}`,
      };
    },
    batchId: (body) =>
      createHash('sha256').update(body).digest('hex').slice(0, 32),
  };
}
