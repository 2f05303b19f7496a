import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A random (version 4) UUID from 16 bytes of /dev/urandom. The global
 * `crypto.randomUUID()` loads Node's Web Crypto on first use, which costs
 * more than everything else the extension does between registering and its
 * first /event/next; node:fs is loaded already. Falls back to the global
 * where /dev/urandom cannot be read.
 *
 * @example
 * randomUuid(); // → '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function randomUuid(source = '/dev/urandom'): string {
  const bytes = Buffer.alloc(16);
  try {
    const fd = openSync(source, 'r');
    try {
      if (readSync(fd, bytes, 0, 16, null) !== 16) return crypto.randomUUID();
    } finally {
      closeSync(fd);
    }
  } catch {
    return crypto.randomUUID();
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
