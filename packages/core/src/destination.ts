import type { LogEvent } from './log-event.js';
import type { Logger } from './logger.js';

/** Per-request limits a destination imposes; the batcher never exceeds them. */
export interface DestinationLimits {
  readonly maxBatchBytes: number;
  readonly maxBatchItems: number;
}

/** What core hands a destination with every batch. */
export interface SendContext {
  /** Aborted when the attempt's timeout or the flush deadline is reached. */
  readonly signal: AbortSignal;
  /** 1 for the first try. */
  readonly attempt: number;
  readonly log: Logger;
}

/** The result of one `send`; failures are values, never thrown. */
export type SendOutcome =
  | { readonly status: 'delivered' }
  | {
      readonly status: 'retry';
      readonly reason: string;
      readonly retryAfterMs?: number;
      /** Only these records are retried (a partial failure). */
      readonly remaining?: readonly LogEvent[];
    }
  | {
      readonly status: 'rejected';
      readonly reason: string;
      /** Only these records are rejected; the rest were delivered. */
      readonly remaining?: readonly LogEvent[];
    };

/**
 * A place logs go. It translates a batch and sends it; core owns queues,
 * timers, batching, retries and deadlines.
 *
 * @example
 * const destination: Destination = {
 *   name: 'stdout',
 *   limits: { maxBatchBytes: 1_048_576, maxBatchItems: 1_000 },
 *   async send(batch) {
 *     process.stdout.write(`${batch.length}\n`);
 *     return { status: 'delivered' };
 *   },
 * };
 */
export interface Destination {
  /** Short id used in logs and messages, e.g. "webhook". */
  readonly name: string;
  readonly limits: DestinationLimits;
  send(batch: readonly LogEvent[], ctx: SendContext): Promise<SendOutcome>;
  /** Release clients and sockets. Called once, after the final flush. */
  close?(): Promise<void>;
}
