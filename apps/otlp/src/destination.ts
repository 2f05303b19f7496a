import { createHash } from 'node:crypto';
import {
  type Destination,
  type DestinationLimits,
  describeRequestError,
  type LogEvent,
  outcomeFromStatus,
} from '@logdrain/core';
import type { OtlpConfig } from './config.js';
import { createHttpPoster } from './http-post.js';

/**
 * One request carries at most this much. Set it to the service's own
 * limits, with headroom: core estimates sizes without serializing.
 */
export const OTLP_LIMITS: DestinationLimits = Object.freeze({
  maxBatchBytes: 1_048_576,
  maxBatchItems: 1_000,
});

/**
 * The otlp destination: POSTs each batch as NDJSON (one LogEvent per
 * line) and maps the answer to an outcome. It holds no queue, timer or
 * retry loop: core batches, retries, and aborts `ctx.signal` at the deadline.
 *
 * @example
 * const destination = await createOtlpDestination(parseOtlpConfig(process.env));
 */
export async function createOtlpDestination(
  config: OtlpConfig
): Promise<Destination> {
  // Built once here, not per send: one keep-alive connection pool.
  const poster = await createHttpPoster({ url: config.url, ca: config.ca });

  return {
    name: 'otlp',
    limits: OTLP_LIMITS,
    async send(batch, ctx) {
      try {
        const body = encodeNdjson(batch);
        const answer = await poster.post({
          body,
          headers: {
            'content-type': 'application/x-ndjson',
            // Same batch, same key: a receiver can drop the replay of a
            // batch whose answer was lost.
            'idempotency-key': createHash('sha256')
              .update(body)
              .digest('hex')
              .slice(0, 32),
          },
          signal: ctx.signal,
        });
        return outcomeFromStatus({
          status: answer.status,
          retryAfter: answer.retryAfter,
          body: answer.text,
          nowMs: Date.now(),
        });
      } catch (error) {
        // No answer (refused, reset, TLS, aborted): core retries it.
        return {
          status: 'retry',
          reason: describeRequestError(error, ctx.signal),
        };
      }
    },
    close: () => poster.close(),
  };
}

/** One JSON line per record, each ending in a newline. */
export function encodeNdjson(batch: readonly LogEvent[]): Buffer {
  return Buffer.from(
    batch.map((event) => `${JSON.stringify(event)}\n`).join('')
  );
}
