import type { StreamCounts, SubscriptionStats } from './types.js';

/** Counts of zero for each stream. */
export function zeroCounts(): StreamCounts {
  return { platform: 0, function: 0, extension: 0 };
}

/** The stream an event of the given type belongs to. */
export function streamOf(event: unknown): keyof StreamCounts {
  const type = (event as { type?: unknown }).type;
  if (type === 'function' || type === 'extension') return type;
  return 'platform';
}

/** Adds the records of `events` to one of the counters. */
export function count(
  stats: SubscriptionStats | undefined,
  field: 'received' | 'delivered' | 'dropped',
  events: readonly unknown[]
): void {
  for (const event of events) countOne(stats, field, event);
}

/** Adds one record of `event`'s stream to one of the counters. */
export function countOne(
  stats: SubscriptionStats | undefined,
  field: 'received' | 'delivered' | 'dropped',
  event: unknown
): void {
  if (!stats) return;
  const stream = streamOf(event);
  stats[field][stream] += 1;
  stats.buffered[stream] += field === 'received' ? 1 : -1;
}
