/** At most this many keys of unconfirmed uploads are remembered. */
const MAX_REMEMBERED = 64;

/**
 * Remembers the key of every upload whose outcome is unknown (a lost
 * answer, a timeout, a 5xx: S3 may have stored the object), by the
 * fingerprint of the batch's first record.
 *
 * Within one flush core retries the very same batch, whose content hash
 * gives the same key. After a flush gives up, the batch goes back to the
 * front of the queue and the next flush cuts it again, usually with newer
 * records behind it: a different content hash. Its first record is the
 * same, though, so it takes the remembered key and replaces the object the
 * earlier attempt may have written (the new batch holds every record of the
 * old one, in the same order, and more) instead of storing them twice.
 *
 * @example
 * const key = replayKeys.keyFor(fingerprint) ?? freshKey;
 */
export interface ReplayKeys {
  /** The key an unconfirmed upload starting with this record used. */
  keyFor(fingerprint: string): string | undefined;
  /** The upload may or may not have been stored. */
  unconfirmed(fingerprint: string, key: string): void;
  /** The upload was stored or refused for good: forget it. */
  settled(fingerprint: string): void;
}

/**
 * Creates the memory of unconfirmed upload keys (bounded: the oldest is
 * forgotten first).
 *
 * @example
 * const replayKeys = createReplayKeys();
 */
export function createReplayKeys(): ReplayKeys {
  const keys = new Map<string, string>();
  return {
    keyFor: (fingerprint) => keys.get(fingerprint),
    unconfirmed(fingerprint, key) {
      keys.delete(fingerprint);
      keys.set(fingerprint, key);
      for (const oldest of keys.keys()) {
        if (keys.size <= MAX_REMEMBERED) break;
        keys.delete(oldest);
      }
    },
    settled(fingerprint) {
      keys.delete(fingerprint);
    },
  };
}
