import type { DestinationLimits } from '@logdrain/core';

/**
 * Core cuts batches to these (by an estimate that counts each event's
 * context, which this layer does not send); send() still splits a batch
 * into several PutLogEvents calls wherever the real limits demand it.
 */
export const CLOUDWATCH_LIMITS: DestinationLimits = Object.freeze({
  maxBatchBytes: 1_000_000,
  maxBatchItems: 10_000,
});
