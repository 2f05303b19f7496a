import type { DestinationLimits } from '@logdrain/core';

/**
 * Objects are cut for cost, not for a request limit (a PUT takes up to
 * 5 GB): 5 MiB of records per object keeps PUT requests (billed per 1,000)
 * and small-object overhead for Athena low, and fits a 5 s attempt. Items
 * are bounded only so that a flood of tiny records still makes objects.
 */
export const S3_LIMITS: DestinationLimits = Object.freeze({
  maxBatchBytes: 5 * 1_048_576,
  maxBatchItems: 100_000,
});
