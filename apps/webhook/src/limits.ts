import type { DestinationLimits } from '@logdrain/core';

/**
 * At most 10,000 records and about 1 MiB of JSON per request: core batches
 * by an estimate that leaves out most escaping (up to ~12% low for JSON
 * logged as text), and a record larger than 1 MiB travels alone.
 */
export const WEBHOOK_LIMITS: DestinationLimits = Object.freeze({
  maxBatchBytes: 1_048_576,
  maxBatchItems: 10_000,
});
