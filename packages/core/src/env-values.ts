/** Parsers for the values of settings, shared by the env reader. */
const BYTE_SUFFIX: Record<string, number> = {
  '': 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/**
 * Parses `/pattern/flags` or a bare pattern; undefined when invalid.
 *
 * @example
 * parseRegex('/health.?check/i'); // → /health.?check/i
 */
export function parseRegex(text: string): RegExp | undefined {
  const slashed = /^\/(.*)\/([a-z]*)$/s.exec(text);
  try {
    return slashed
      ? new RegExp(slashed[1] ?? '', slashed[2])
      : new RegExp(text);
  } catch {
    return undefined;
  }
}

/**
 * An integer (underscores allowed), with KiB/MiB/GiB suffixes when `bytes`;
 * undefined when malformed.
 *
 * @example
 * parseInteger('16MiB', true); // → 16777216
 */
export function parseInteger(text: string, bytes: boolean): number | undefined {
  const match = /^([+-]?\d[\d_]*)\s*([a-z]*)$/i.exec(text);
  if (!match) return undefined;
  const factor = BYTE_SUFFIX[(match[2] ?? '').toLowerCase()];
  if (factor === undefined || (!bytes && factor !== 1)) return undefined;
  const value = Number((match[1] ?? '').replaceAll('_', '')) * factor;
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * What an integer setting allows, for messages.
 *
 * @example
 * describeRange({ min: 25, max: 30_000 }); // → 'an integer from 25 to 30000'
 */
export function describeRange(opts: {
  min: number;
  max: number;
  unit?: 'bytes';
}): string {
  const range = `an integer from ${opts.min} to ${opts.max}`;
  if (opts.unit !== 'bytes') return range;
  return `${range} bytes (${formatBytes(opts.min)} to ${formatBytes(opts.max)}; KiB, MiB and GiB suffixes are accepted)`;
}

/**
 * A byte count in the largest binary unit that divides it.
 *
 * @example
 * formatBytes(16 * 1024 * 1024); // → '16 MiB'
 */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}

/**
 * A URL as it may appear in a message: everything up to the last "@" after
 * the scheme (credentials, also in a value that is no http URL, such as
 * `user:pw@host`) and the query values are hidden. Over-hiding is fine; a
 * password in a log is not.
 *
 * @example
 * hideUrlSecrets('https://elastic:s3cret@es.example.com:9243/?token=abc');
 * // → 'https://***@es.example.com:9243/?token=***'
 */
export function hideUrlSecrets(value: string): string {
  return value
    .replace(/^(.*?\/\/)?.*@/s, (_, scheme = '') => `${scheme}***@`)
    .replace(/([?&][^=&#]*=)[^&#]*/g, '$1***');
}
