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

/** Adds `n` records of `event`'s stream to one of the counters. */
export function count(
  stats: SubscriptionStats | undefined,
  field: 'received' | 'delivered' | 'dropped',
  events: readonly unknown[]
): void {
  if (!stats) return;
  for (const event of events) {
    const stream = streamOf(event);
    stats[field][stream] += 1;
    stats.buffered[stream] += field === 'received' ? 1 : -1;
  }
}
