/** How date and function placeholders are written into a key. */
export type S3Partitions = 'plain' | 'hive';

/** The placeholders a key template may use. */
export const KEY_PLACEHOLDERS = [
  'function',
  'version',
  'region',
  'account',
  'instance',
  'yyyy',
  'mm',
  'dd',
  'hh',
  'timestamp',
  'hash',
  'ext',
] as const;
export type KeyPlaceholder = (typeof KEY_PLACEHOLDERS)[number];

/**
 * The default layout: function, then UTC date and hour of the batch's first
 * record, then that record's time and the content hash.
 */
export const DEFAULT_KEY_TEMPLATE =
  'logs/{function}/{yyyy}/{mm}/{dd}/{hh}/{timestamp}-{hash}{ext}';

/** Hive-style names (`year=2026`) for the partition placeholders. */
const HIVE_NAMES: Partial<Record<KeyPlaceholder, string>> = {
  function: 'function',
  yyyy: 'year',
  mm: 'month',
  dd: 'day',
  hh: 'hour',
};

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * Checks a template; returns what is wrong with it, or undefined when it is
 * usable. A template must carry `{hash}`: without it, two batches would
 * overwrite each other, and with it a retried batch overwrites itself.
 *
 * @example
 * checkKeyTemplate('logs/{yyyy}/{hash}.gz'); // → undefined
 */
export function checkKeyTemplate(template: string): string | undefined {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  const unknown = names.filter(
    (name) => !(KEY_PLACEHOLDERS as readonly string[]).includes(name)
  );
  if (unknown.length > 0) return `unknown placeholder {${unknown[0]}}`;
  if (template.replace(PLACEHOLDER, '').match(/[{}]/)) {
    return 'an unbalanced brace';
  }
  if (!names.includes('hash')) return 'no {hash}';
  if (template.startsWith('/')) return 'a leading slash';
  return undefined;
}

/**
 * Turns LOGDRAIN_S3_PREFIX into a key template: a value with placeholders is
 * the whole template; a plain prefix (`archive/`) goes in front of the
 * default layout without its `logs/`.
 *
 * @example
 * keyTemplateFrom('archive/'); // → 'archive/{function}/{yyyy}/…'
 */
export function keyTemplateFrom(value: string | undefined): string {
  if (value === undefined) return DEFAULT_KEY_TEMPLATE;
  if (value.includes('{')) return value;
  const prefix = value.endsWith('/') ? value : `${value}/`;
  return `${prefix}${DEFAULT_KEY_TEMPLATE.slice('logs/'.length)}`;
}

/** What a key is made of. */
export interface KeyParts {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly region: string;
  readonly accountId: string | undefined;
  readonly instanceId: string;
  /** The batch's first record's time: it dates the object. */
  readonly timeMs: number;
  readonly hash: string;
  /** `.ndjson.gz`, `.ndjson`, `.json.gz` or `.json`. */
  readonly ext: string;
}

/**
 * Renders an object key. Dates are UTC; `{timestamp}` is
 * `20260120T091402700Z` (fixed width, so keys sort by time).
 *
 * @example
 * renderKey({ template: DEFAULT_KEY_TEMPLATE, partitions: 'hive', parts });
 * // → 'logs/function=orders/year=2026/month=01/day=20/hour=09/20260120T091402700Z-3f2a….ndjson.gz'
 */
export function renderKey(opts: {
  readonly template: string;
  readonly partitions: S3Partitions;
  readonly parts: KeyParts;
}): string {
  const { parts } = opts;
  const iso = new Date(parts.timeMs).toISOString();
  const values: Record<KeyPlaceholder, string> = {
    function: safeSegment(parts.functionName || 'unknown-function'),
    version: safeSegment(parts.functionVersion || 'unknown'),
    region: safeSegment(parts.region || 'unknown'),
    account: safeSegment(parts.accountId ?? 'unknown'),
    instance: safeSegment(parts.instanceId),
    yyyy: iso.slice(0, 4),
    mm: iso.slice(5, 7),
    dd: iso.slice(8, 10),
    hh: iso.slice(11, 13),
    timestamp: iso.replace(/[-:.]/g, ''),
    hash: parts.hash,
    ext: parts.ext,
  };
  return opts.template.replace(PLACEHOLDER, (_, name: KeyPlaceholder) => {
    const hive = opts.partitions === 'hive' ? HIVE_NAMES[name] : undefined;
    return hive === undefined ? values[name] : `${hive}=${values[name]}`;
  });
}

/** Keeps a value to one path segment of safe characters. */
function safeSegment(text: string): string {
  return text.replace(/[^A-Za-z0-9._$-]/g, '_');
}
