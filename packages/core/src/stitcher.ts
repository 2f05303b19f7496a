/**
 * A held part was given up: counted by the caller as unparseable.
 *
 * @example
 * const onDiscard = (part: DiscardedPart) => { stats.unparseable += 1; };
 */
export interface DiscardedPart {
  readonly bytes: number;
  readonly reason: 'malformed' | 'too-large' | 'closed';
}

/**
 * Options of {@link createStitcher}.
 *
 * @example
 * const opts: StitcherOptions = { maxBytes: 4 * 1024 * 1024, onDiscard: () => {} };
 */
export interface StitcherOptions {
  /** Largest text held (held + next); default 4 MiB. */
  readonly maxBytes?: number;
  readonly onDiscard: (part: DiscardedPart) => void;
}

/**
 * Joins a JSON array that Lambda cut across two POST bodies.
 *
 * @example
 * const events = stitcher.accept(body) ?? [];
 */
export interface Stitcher {
  /**
   * Takes one POST body. Returns the events (an array, or a single event
   * object wrapped in one), or undefined when the body is held as the first
   * part of a cut record, or was counted as malformed.
   */
  accept(body: Buffer | string): unknown[] | undefined;
  /**
   * A body too large to read arrived instead of the rest: gives up a held
   * part (held + that body would pass the cap anyway).
   */
  skipBody(): void;
  /** Gives up any held part (at close). */
  close(): void;
  /** Bytes currently held. */
  readonly heldBytes: number;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Lambda sends a single record larger than the subscription's maxBytes cut
 * across two POSTs: the first carries the first part of the JSON array
 * text, the next the rest. A body that is not valid JSON is therefore held
 * (at most `maxBytes`) and joined with the next body, however late that
 * comes: the environment may freeze between the two POSTs for minutes or
 * hours, and nothing else arrives meanwhile, so no clock can tell a lost
 * rest from a late one. If the two parse as one JSON array, that array is
 * the batch. Otherwise the held part is discarded (reported through
 * `onDiscard`) and the next body is handled on its own (it may itself be
 * held). A part still held at `close` (SHUTDOWN) is discarded too. A proper
 * suffix of a JSON array is never valid JSON, so a second part is never
 * mistaken for a batch.
 *
 * @example
 * const stitcher = createStitcher({ onDiscard: () => { stats.unparseable += 1; } });
 * stitcher.accept('[{"type":"function","record":"a very lo'); // → undefined (held)
 * stitcher.accept('ng line"}]'); // → [{ type: 'function', record: 'a very long line' }]
 */
export function createStitcher(opts: StitcherOptions): Stitcher {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  // Bytes, not text: the cut may fall inside a multi-byte UTF-8 character.
  let held: Buffer | undefined;

  const discard = (reason: DiscardedPart['reason']): void => {
    if (held === undefined) return;
    const bytes = held.length;
    held = undefined;
    opts.onDiscard({ bytes, reason });
  };
  const hold = (data: Buffer): undefined => {
    if (data.length > maxBytes) {
      opts.onDiscard({ bytes: data.length, reason: 'too-large' });
      return undefined;
    }
    held = data;
    return undefined;
  };

  return {
    accept(body) {
      const data = typeof body === 'string' ? Buffer.from(body) : body;
      if (held !== undefined) {
        const joinedBytes = held.length + data.length;
        if (joinedBytes <= maxBytes) {
          const joined = tryParse(Buffer.concat([held, data]));
          if (Array.isArray(joined)) {
            held = undefined;
            return joined;
          }
        }
        discard(joinedBytes > maxBytes ? 'too-large' : 'malformed');
      }
      const parsed = tryParse(data);
      if (parsed === NOT_JSON) return hold(data);
      if (Array.isArray(parsed)) return parsed;
      if (parsed !== null && typeof parsed === 'object') return [parsed];
      // Valid JSON but neither a batch nor an event ("OK", 42): malformed.
      opts.onDiscard({ bytes: data.length, reason: 'malformed' });
      return undefined;
    },
    skipBody() {
      discard('too-large');
    },
    close() {
      discard('closed');
    },
    get heldBytes() {
      return held?.length ?? 0;
    },
  };
}

const NOT_JSON = Symbol('not-json');

function tryParse(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return NOT_JSON;
  }
}
