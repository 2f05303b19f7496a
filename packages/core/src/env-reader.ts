import {
  describeRange,
  hideUrlSecrets,
  parseInteger,
  parseRegex,
} from './env-values.js';
import { ConfigError, type ConfigProblem } from './errors.js';

/**
 * Environment variables as `process.env` holds them.
 *
 * @example
 * const env: Env = { LOGDRAIN_FLUSH: 'end' };
 */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Options of {@link EnvReader.int}.
 *
 * @example
 * read.int('LOGDRAIN_BUFFER_MAX_BYTES', { default: 16 * 1024 * 1024, min: 1024 * 1024, max: 1024 ** 3, unit: 'bytes' });
 */
export interface IntOptions {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** `bytes` also accepts KiB, MiB and GiB suffixes and says so. */
  readonly unit?: 'bytes';
}

/**
 * Reads typed settings from an environment and collects what is wrong.
 *
 * @example
 * const read: EnvReader = createEnvReader(process.env);
 */
export interface EnvReader {
  string(name: string, opts: { required: true }): string;
  string(name: string, opts: { default: string }): string;
  string(name: string, opts?: { required?: false }): string | undefined;
  url(name: string, opts: { required: true; protocols?: string[] }): URL;
  url(
    name: string,
    opts?: { required?: false; protocols?: string[] }
  ): URL | undefined;
  int(name: string, opts: IntOptions): number;
  bool(name: string, opts: { default: boolean }): boolean;
  oneOf<T extends string>(
    name: string,
    values: readonly T[],
    opts: { default: T }
  ): T;
  /** `/pattern/flags` or a bare pattern; undefined when unset. */
  regex(name: string): RegExp | undefined;
  /** A comma-separated list; `allowed` values match case-insensitively. */
  list<T extends string>(
    name: string,
    opts: { default: readonly T[]; allowed?: readonly T[] }
  ): readonly T[];
  /** Records a problem that fails init. */
  problem(problem: ConfigProblem): void;
  /** Records a warning about a malformed optional setting. */
  warn(problem: ConfigProblem, fallback: string): void;
  readonly problems: readonly ConfigProblem[];
  /** One line each: variable, value, what is allowed, the default used. */
  readonly warnings: readonly string[];
  /** Throws one ConfigError listing every problem, if there is any. */
  throwIfInvalid(): void;
}

/**
 * Creates a reader over an environment. Names are full variable names. An
 * empty or blank value counts as unset. Required settings that are missing
 * or malformed become `problems` (init fails); a malformed optional setting
 * becomes a `warnings` line and its default is used.
 *
 * @example
 * const read = createEnvReader(process.env);
 * const url = read.url('LOGDRAIN_WEBHOOK_URL', { required: true, protocols: ['https'] });
 * const timeoutMs = read.int('LOGDRAIN_WEBHOOK_TIMEOUT_MS', { default: 5_000, min: 100, max: 60_000 });
 * read.throwIfInvalid();
 */
export function createEnvReader(env: Env): EnvReader {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];

  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const warn = (problem: ConfigProblem, fallback: string): void => {
    const seen =
      problem.value === undefined
        ? 'it is not set'
        : `got ${JSON.stringify(problem.value)}`;
    warnings.push(
      `${problem.variable} must be ${problem.allowed}, ${seen}; using ${fallback}`
    );
  };

  function string(
    name: string,
    opts?: { required?: boolean; default?: string }
  ): string | undefined {
    const value = get(name);
    if (value !== undefined) return value;
    if (opts?.required) {
      problems.push({ variable: name, value: undefined, allowed: 'set' });
      return '';
    }
    return opts?.default;
  }

  function url(
    name: string,
    opts?: { required?: boolean; protocols?: string[] }
  ): URL | undefined {
    const value = get(name);
    const protocols = (opts?.protocols ?? []).map((p) =>
      p.endsWith(':') ? p : `${p}:`
    );
    const allowed =
      protocols.length === 0
        ? 'an absolute URL'
        : `an absolute URL with scheme ${protocols.map((p) => p.slice(0, -1)).join(' or ')}`;
    let parsed: URL | undefined;
    if (value !== undefined && URL.canParse(value)) {
      const candidate = new URL(value);
      if (protocols.length === 0 || protocols.includes(candidate.protocol)) {
        parsed = candidate;
      }
    }
    if (parsed !== undefined) return parsed;
    // URLs often carry credentials (https://user:password@host).
    const shown = value === undefined ? undefined : hideUrlSecrets(value);
    if (opts?.required) {
      problems.push({ variable: name, value: shown, allowed });
      return new URL('about:blank');
    }
    if (shown !== undefined) {
      warn({ variable: name, value: shown, allowed }, 'no URL');
    }
    return undefined;
  }

  return {
    string: string as EnvReader['string'],
    url: url as EnvReader['url'],
    int(name, opts) {
      const value = get(name);
      if (value === undefined) return opts.default;
      const parsed = parseInteger(value, opts.unit === 'bytes');
      if (parsed !== undefined && parsed >= opts.min && parsed <= opts.max) {
        return parsed;
      }
      warn(
        { variable: name, value, allowed: describeRange(opts) },
        `the default ${opts.default}`
      );
      return opts.default;
    },
    bool(name, opts) {
      const value = get(name);
      if (value === undefined) return opts.default;
      const lower = value.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      warn(
        { variable: name, value, allowed: 'true or false' },
        `the default ${opts.default}`
      );
      return opts.default;
    },
    oneOf(name, values, opts) {
      const value = get(name);
      if (value === undefined) return opts.default;
      const found = values.find((v) => v.toLowerCase() === value.toLowerCase());
      if (found !== undefined) return found;
      warn(
        { variable: name, value, allowed: `one of ${values.join(', ')}` },
        `the default ${opts.default}`
      );
      return opts.default;
    },
    regex(name) {
      const value = get(name);
      if (value === undefined) return undefined;
      const parsed = parseRegex(value);
      if (parsed !== undefined) return parsed;
      warn(
        { variable: name, value, allowed: 'a regular expression' },
        'no filter'
      );
      return undefined;
    },
    list<T extends string>(
      name: string,
      opts: { default: readonly T[]; allowed?: readonly T[] }
    ): readonly T[] {
      const value = get(name);
      if (value === undefined) return opts.default;
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      const allowed = opts.allowed;
      const canonical: T[] = [];
      let valid = items.length > 0;
      for (const item of items) {
        const found =
          allowed === undefined
            ? (item as T)
            : allowed.find((a) => a.toLowerCase() === item.toLowerCase());
        if (found === undefined) valid = false;
        else if (!canonical.includes(found)) canonical.push(found);
      }
      if (valid) return canonical;
      const what =
        allowed === undefined
          ? 'a comma-separated list'
          : `a comma-separated list of ${allowed.join(', ')}`;
      warn(
        { variable: name, value, allowed: what },
        `the default ${opts.default.join(',')}`
      );
      return opts.default;
    },
    problem(problem) {
      problems.push(problem);
    },
    warn,
    get problems() {
      return problems;
    },
    get warnings() {
      return warnings;
    },
    throwIfInvalid() {
      if (problems.length > 0) throw new ConfigError([...problems]);
    },
  };
}
