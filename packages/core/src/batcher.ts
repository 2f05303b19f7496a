import type { DestinationLimits } from './destination.js';
import type { FunctionContext, LogEvent } from './log-event.js';

// Field names, punctuation, time, timeMs, type, stream, level, requestId and
// coldStart of a LogEvent serialized as JSON, rounded up.
const EVENT_OVERHEAD_BYTES = 200;
// Per string: quotes plus a few escaped characters (Node's text records
// carry three tabs and a newline).
const STRING_OVERHEAD_BYTES = 8;
// Deeper than this an object record is charged a flat amount.
const MAX_ESTIMATE_DEPTH = 16;
const DEEP_VALUE_BYTES = 256;

let lastContext: FunctionContext | undefined;
let lastContextBytes = 0;

/**
 * A cheap estimate of the bytes `event` takes as JSON: UTF-8 lengths of its
 * strings and a walk over object records, without serializing. It ignores
 * most escaping, so it is an estimate for caps and batching, not an exact
 * request size: a destination with a hard per-request limit should declare
 * `maxBatchBytes` with some headroom.
 *
 * @example
 * const bytes = estimateEventBytes(event); // e.g. 512
 */
export function estimateEventBytes(event: LogEvent): number {
  return (
    EVENT_OVERHEAD_BYTES +
    contextBytes(event.context) +
    Buffer.byteLength(event.message, 'utf8') +
    estimateValueBytes(event.record, 0)
  );
}

function contextBytes(context: FunctionContext): number {
  // Every event of an environment shares one context object: measure it once.
  if (context !== lastContext) {
    lastContext = context;
    lastContextBytes = Buffer.byteLength(JSON.stringify(context) ?? '', 'utf8');
  }
  return lastContextBytes;
}

function estimateValueBytes(value: unknown, depth: number): number {
  if (typeof value === 'string') {
    return Buffer.byteLength(value, 'utf8') + STRING_OVERHEAD_BYTES;
  }
  if (typeof value !== 'object' || value === null) return 16;
  if (depth >= MAX_ESTIMATE_DEPTH) return DEEP_VALUE_BYTES;
  let bytes = 2;
  if (Array.isArray(value)) {
    for (const item of value) bytes += estimateValueBytes(item, depth + 1) + 1;
    return bytes;
  }
  const object = value as Record<string, unknown>;
  // for-in walks keys without allocating an array of them.
  for (const key in object) {
    bytes += key.length + 4 + estimateValueBytes(object[key], depth + 1);
  }
  return bytes;
}

/**
 * Options of {@link cutBatch}.
 *
 * @example
 * const opts: CutBatchOptions = { sizes: [120, 80], start: 0, limits };
 */
export interface CutBatchOptions {
  /** Estimated bytes of each item (see {@link estimateEventBytes}). */
  readonly sizes: ArrayLike<number>;
  /** Index of the first item of the batch. */
  readonly start: number;
  /** One past the last index that may be used; default `sizes.length`. */
  readonly end?: number;
  readonly limits: DestinationLimits;
}

/**
 * How many items from `start` make the next batch: as many as fit both
 * limits (counting a JSON array's brackets and commas), and at least one
 * when any is left, so an item larger than `maxBatchBytes` goes alone.
 *
 * @example
 * cutBatch({ sizes: [400, 400, 400], start: 0, limits: { maxBatchBytes: 1_000, maxBatchItems: 10 } });
 * // 2
 */
export function cutBatch(opts: CutBatchOptions): number {
  const end = opts.end ?? opts.sizes.length;
  const { maxBatchBytes, maxBatchItems } = opts.limits;
  let count = 0;
  let bytes = 2;
  for (let i = opts.start; i < end; i++) {
    const itemBytes = (opts.sizes[i] ?? 0) + (count > 0 ? 1 : 0);
    if (
      count > 0 &&
      (count >= maxBatchItems || bytes + itemBytes > maxBatchBytes)
    ) {
      break;
    }
    bytes += itemBytes;
    count += 1;
  }
  return count;
}

/**
 * Cuts a whole list into batches that respect `limits`, order kept.
 *
 * @example
 * const batches = splitIntoBatches(events, destination.limits, estimateEventBytes);
 */
export function splitIntoBatches<TItem>(
  items: readonly TItem[],
  limits: DestinationLimits,
  sizeOf: (item: TItem) => number
): TItem[][] {
  const sizes = items.map(sizeOf);
  const batches: TItem[][] = [];
  let start = 0;
  while (start < items.length) {
    const count = cutBatch({ sizes, start, limits });
    batches.push(items.slice(start, start + count));
    start += count;
  }
  return batches;
}
