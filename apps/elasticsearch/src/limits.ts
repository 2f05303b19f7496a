import type { DestinationLimits } from '@logdrain/core';
import type { ElasticsearchConfig } from './config.js';

/**
 * Core batches by an estimate of each event's JSON; an ECS document with its
 * action line is larger than that estimate, so batches are cut at half the
 * bulk size and a body that still comes out too large is cut in `send`.
 * At most 2,000 documents: a small cluster indexes that many within the
 * second or so a flush at the end of an invoke has.
 */
export function limitsFor(config: ElasticsearchConfig): DestinationLimits {
  return Object.freeze({
    maxBatchBytes: Math.floor(config.maxBulkBytes / 2),
    maxBatchItems: 2_000,
  });
}
