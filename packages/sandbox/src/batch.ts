/** One buffered event of a subscriber, serialised once. */
export interface QueuedEvent {
  event: unknown;
  json: string;
  bytes: number;
  atMs: number;
}

/** The bodies of one batch (two for a record cut across POSTs). */
export interface Batch {
  parts: Buffer[];
  events: unknown[];
  /** Part to send next. */
  index: number;
}

/**
 * How many queued events the next batch takes (spec 4.2): up to maxItems;
 * the event that crosses maxBytes stays in the batch, but a record larger
 * than maxBytes on its own always travels alone.
 */
export function batchLength(
  queue: readonly QueuedEvent[],
  limits: { maxItems: number; maxBytes: number }
): number {
  const first = queue[0];
  if (!first) return 0;
  if (first.bytes + 2 > limits.maxBytes) return 1;
  let count = 0;
  let bytes = 2;
  for (const item of queue) {
    if (count >= limits.maxItems || bytes >= limits.maxBytes) break;
    if (item.bytes + 2 > limits.maxBytes) break;
    count += 1;
    bytes += item.bytes + (count > 1 ? 1 : 0);
  }
  return count;
}

/**
 * The body of a batch: a JSON array, or NDJSON for TCP. A JSON body larger
 * than maxBytes (one oversized record) is cut in two: the first maxBytes
 * bytes (backed off to a UTF-8 character boundary) and the rest.
 */
export function makeBatch(
  items: readonly QueuedEvent[],
  opts: { maxBytes: number; protocol: 'HTTP' | 'TCP' }
): Batch {
  const events = items.map((i) => i.event);
  if (opts.protocol === 'TCP') {
    const body = Buffer.from(items.map((i) => `${i.json}\n`).join(''));
    return { parts: [body], events, index: 0 };
  }
  const body = Buffer.from(`[${items.map((i) => i.json).join(',')}]`);
  if (items.length !== 1 || body.length <= opts.maxBytes) {
    return { parts: [body], events, index: 0 };
  }
  let cut = opts.maxBytes;
  while (cut > 1 && ((body[cut] as number) & 0xc0) === 0x80) cut -= 1;
  return {
    parts: [body.subarray(0, cut), body.subarray(cut)],
    events,
    index: 0,
  };
}
