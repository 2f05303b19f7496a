/** The spellings of one destination name that the templates use. */
export interface DestinationNames {
  /** kebab-case, as typed: `splunk-hec` (folder, package, layer suffix). */
  readonly name: string;
  /** PascalCase for identifiers: `SplunkHec` (`parseSplunkHecConfig`). */
  readonly pascal: string;
  /** SCREAMING_SNAKE_CASE for variables: `SPLUNK_HEC` (`LOGDRAIN_SPLUNK_HEC_URL`). */
  readonly screaming: string;
  /** The extension's and the layer's name: `logdrain-splunk-hec`. */
  readonly extension: string;
  /** The workspace package: `@logdrain/splunk-hec`. */
  readonly packageName: string;
}

/** Lowercase words of letters and digits joined by single dashes. */
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * The name is repeated in every variable (`LOGDRAIN_<NAME>_…`, within the
 * function's 4 KB of environment) and in the layer's name and ARN.
 */
export const MAX_NAME_LENGTH = 40;

/**
 * Names of workspace packages and folders that are not destinations, and
 * words that would read wrongly as a layer (`logdrain-all`).
 */
export const RESERVED_NAMES: readonly string[] = Object.freeze([
  'all',
  'app',
  'apps',
  'cdk',
  'core',
  'create-destination',
  'destination',
  'extension',
  'extensions',
  'infra',
  'layer',
  'layer-build',
  'logdrain',
  'packages',
  'sandbox',
  'test',
  'testkit',
]);

/**
 * First words of core's own variables (`LOGDRAIN_TELEMETRY_MAX_BYTES`,
 * `LOGDRAIN_CONFIG`, …): a destination starting with one would put its
 * `LOGDRAIN_<NAME>_…` variables among core's.
 */
export const CORE_SETTING_WORDS: readonly string[] = Object.freeze([
  'buffer',
  'config',
  'exclude',
  'flush',
  'include',
  'listener',
  'log',
  'min',
  'on',
  'redact',
  'spill',
  'telemetry',
  'types',
]);

export type NameCheck =
  | { readonly ok: true; readonly names: DestinationNames }
  | { readonly ok: false; readonly problem: string };

/**
 * Checks a destination name and derives its spellings. Whether an app of
 * that name exists is checked by the generator, which knows the folders.
 *
 * @example
 * checkName('splunk-hec'); // → { ok: true, names: { pascal: 'SplunkHec', … } }
 */
export function checkName(input: string): NameCheck {
  const name = input.trim();
  const fail = (problem: string): NameCheck => ({ ok: false, problem });
  if (name === '') return fail('a destination name is required');
  if (name.startsWith('logdrain-') || name.startsWith('@')) {
    return fail(
      `"${name}": give the bare name (e.g. "${name.replace(/^@?logdrain[-/]/, '')}"); the generator adds logdrain- and @logdrain/ itself`
    );
  }
  if (!KEBAB.test(name)) {
    return fail(
      `"${name}" is not kebab-case: lowercase letters and digits in words joined by single dashes, starting with a letter (e.g. "splunk-hec")`
    );
  }
  if (name.length > MAX_NAME_LENGTH) {
    return fail(
      `"${name}" is ${name.length} characters long; at most ${MAX_NAME_LENGTH} are allowed (it is repeated in every LOGDRAIN_<NAME>_ variable)`
    );
  }
  if (RESERVED_NAMES.includes(name)) {
    return fail(
      `"${name}" is reserved (${RESERVED_NAMES.join(', ')}): choose the name of the service you deliver to`
    );
  }
  const words = name.split('-');
  const first = words[0] ?? name;
  if (CORE_SETTING_WORDS.includes(first)) {
    return fail(
      `"${name}" would put its variables (LOGDRAIN_${first.toUpperCase()}_…) among core's own settings: choose a name that does not start with ${CORE_SETTING_WORDS.join(', ')}`
    );
  }
  return {
    ok: true,
    names: Object.freeze({
      name,
      pascal: words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''),
      screaming: words.map((w) => w.toUpperCase()).join('_'),
      extension: `logdrain-${name}`,
      packageName: `@logdrain/${name}`,
    }),
  };
}
