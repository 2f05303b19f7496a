import type { DestinationLimits } from '@logdrain/core';

/**
 * Per request: at most 5,000 records and about 1 MiB of events as core
 * estimates them (an OTLP/protobuf body is about that size before gzip;
 * vendors commonly cap requests at a few MB, the Collector at 20 MiB).
 */
export const OTLP_LIMITS: DestinationLimits = Object.freeze({
  maxBatchBytes: 1_048_576,
  maxBatchItems: 5_000,
});
