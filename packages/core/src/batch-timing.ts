import type { DestinationLimits } from './destination.js';

/** How long a batch took to deliver, for the flush timing decisions. */
export interface BatchTiming {
  readonly events: number;
  readonly ms: number;
}

/** Share of the time left that a batch may take at the measured rate. */
const FIT_SHARE = 0.7;

/**
 * The destination's limits (the same object), or fewer items when the last
 * full batch's rate says a full one would not be answered before the
 * deadline (an attempt cut short by it is lost work: the cluster indexes
 * what it got anyway).
 *
 * @example
 * queue.take(fitLimits(limits, { events: 2_000, ms: 3_000 }, 1_300)); // 606 items
 */
export function fitLimits(
  limits: DestinationLimits,
  lastBatch: BatchTiming | undefined,
  leftMs: number
): DestinationLimits {
  if (lastBatch === undefined) return limits;
  const perMs = lastBatch.events / Math.max(1, lastBatch.ms);
  const items = Math.max(1, Math.floor(perMs * leftMs * FIT_SHARE));
  if (items >= limits.maxBatchItems) return limits;
  return { ...limits, maxBatchItems: items };
}
