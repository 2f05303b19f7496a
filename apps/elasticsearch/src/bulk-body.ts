import type { LogEvent } from '@logdrain/core';
import { type DataStreamName, toEcsDocument } from './ecs-document.js';

/** What a _bulk request body carries, in order. */
export interface BulkBody {
  /** Bytes of NDJSON written. */
  readonly bytes: number;
  /** The events written, in order (a prefix of the batch when it was cut). */
  readonly events: readonly LogEvent[];
  /** The events left out because the body reached `maxBytes`. */
  readonly left: readonly LogEvent[];
}

/**
 * Events encoded between two turns of the event loop: about 2 ms of CPU, so
 * an INVOKE that arrives while a 2,000-document batch is encoded (15-25 ms)
 * is answered with /next at once instead of after the whole batch.
 */
export const ENCODE_SLICE = 200;

/**
 * Milliseconds whose documents' copy numbers are remembered across batches:
 * the last ones first seen. Identical documents share their millisecond and
 * follow each other in the stream; only the hashes of a few milliseconds'
 * lines are kept (remembering 4,096 documents kept each hash past young
 * collections: extension CPU +12 %).
 */
export const RECENT_MILLISECONDS = 8;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Hashes text (sha256), as base64url; node:crypto is loaded lazily. */
export type Hasher = (text: string) => string;

/**
 * Builds _bulk bodies with content-derived `_id`s, so a replayed bulk
 * creates nothing twice (its `create` answers 409 instead). An event's id
 * is the hash of its document, plus `-<n>` for the n-th identical document
 * of its millisecond, across batches ({@link RECENT_MILLISECONDS}): two
 * equal lines in one millisecond stay two documents, also when a batch
 * boundary falls between them (the second would answer 409, counted as
 * delivered).
 * Ids are remembered per event object, so a partial retry (only some
 * events, at other positions) reuses them.
 *
 * @example
 * const encoder = createBulkEncoder({ hash, dataStream: undefined });
 * const body = await encoder.encode(batch, { maxBytes: 5 * 1024 * 1024, signal, write });
 */
export function createBulkEncoder(opts: {
  readonly hash: Hasher;
  readonly dataStream: DataStreamName | undefined;
}) {
  const ids = new WeakMap<LogEvent, string>();
  // timeMs → (hash → copies given), oldest millisecond first.
  const recent = new Map<number, Map<string, number>>();

  function copiesAt(timeMs: number) {
    let copies = recent.get(timeMs);
    if (copies === undefined) {
      copies = new Map();
      recent.set(timeMs, copies);
      if (recent.size > RECENT_MILLISECONDS) {
        recent.delete(recent.keys().next().value as number);
      }
    }
    return copies;
  }

  function idOf(event: LogEvent, document: string, used: Set<string>) {
    const known = ids.get(event);
    if (known !== undefined) return known;
    const base = opts.hash(document);
    // Identical documents have one @timestamp, so one timeMs.
    const copies = copiesAt(event.timeMs);
    let copy = copies.get(base) ?? 0;
    let id = copy === 0 ? base : `${base}-${copy}`;
    while (used.has(id)) id = `${base}-${++copy}`;
    copies.set(base, copy + 1);
    used.add(id);
    ids.set(event, id);
    return id;
  }

  return {
    /**
     * Writes the body for `batch`, cut at `maxBytes`, as NDJSON (one
     * `create` action line and one document line per event) to `write`,
     * one call per {@link ENCODE_SLICE} events; yields to the event loop
     * after each, and rejects with `signal`'s reason
     * at the first turn after it fires: an abandoned encode must write no
     * more ids, or one running alongside its retry could give two
     * identical documents the same copy number (one _id, one lost).
     */
    async encode(
      batch: readonly LogEvent[],
      options: {
        readonly maxBytes: number;
        readonly signal?: AbortSignal;
        readonly write: (text: string) => void;
      }
    ): Promise<BulkBody> {
      const used = new Set<string>();
      for (const event of batch) {
        const known = ids.get(event);
        if (known !== undefined) used.add(known);
      }
      let lines: string[] = [];
      let bytes = 0;
      let count = 0;
      let full = false;
      for (const [n, event] of batch.entries()) {
        if (n > 0 && n % ENCODE_SLICE === 0) {
          if (lines.length > 0) options.write(lines.join(''));
          lines = [];
          await nextTurn();
          options.signal?.throwIfAborted();
        }
        const document = JSON.stringify(
          toEcsDocument(event, { dataStream: opts.dataStream })
        );
        // Every event gets its id, the ones cut off too: their copy numbers
        // count the documents before them in this batch.
        const id = idOf(event, document, used);
        if (full) continue;
        const action = `{"create":{"_id":${JSON.stringify(id)}}}\n`;
        const size =
          Buffer.byteLength(action) + Buffer.byteLength(document) + 1;
        // Core batches by an estimate; the first event always goes, alone
        // if it must, and the rest wait for the next request.
        full = count > 0 && bytes + size > options.maxBytes;
        if (full) continue;
        lines.push(action, document, '\n');
        bytes += size;
        count += 1;
      }
      if (lines.length > 0) options.write(lines.join(''));
      return {
        bytes,
        events: batch.slice(0, count),
        left: batch.slice(count),
      };
    },
  };
}

/** The bulk encoder `createBulkEncoder` returns. */
export type BulkEncoder = ReturnType<typeof createBulkEncoder>;
