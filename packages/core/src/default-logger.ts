import type { Logger } from './logger.js';

/**
 * The extension's own log threshold; `silent` writes nothing.
 *
 * @example
 * const level: LoggerLevel = 'warn';
 */
export type LoggerLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Every accepted `LoggerLevel`, least severe first.
 *
 * @example
 * LOGGER_LEVELS.includes('debug'); // → true
 */
export const LOGGER_LEVELS: readonly LoggerLevel[] = [
  'debug',
  'info',
  'warn',
  'error',
  'silent',
];

const RANK: Record<LoggerLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 100,
};

/**
 * Options of {@link createLogger}.
 *
 * @example
 * const opts: CreateLoggerOptions = { level: 'info', component: 'logdrain-webhook' };
 */
export interface CreateLoggerOptions {
  readonly level: LoggerLevel;
  readonly component: string;
  /** Receives one line (newline included); defaults to stderr. */
  readonly write?: (line: string) => void;
  /** Clock for the `time` field; defaults to `Date.now`. */
  readonly nowMs?: () => number;
}

/**
 * The default logger: one JSON line per entry,
 * `{"time","level","component","msg",...fields}`, on stderr. It never throws:
 * a field that cannot be serialised is replaced by a short description.
 *
 * @example
 * const log = createLogger({ level: 'warn', component: 'logdrain-webhook' });
 * log.warn('config fell back to a default', { variable: 'LOGDRAIN_FLUSH' });
 * log.child('listener').error('body discarded', { bytes: 5_000_000 });
 */
export function createLogger(opts: CreateLoggerOptions): Logger {
  const write = opts.write ?? writeStderr;
  const nowMs = opts.nowMs ?? Date.now;
  const threshold = RANK[opts.level];

  const make = (component: string): Logger => {
    const entry = (
      level: Exclude<LoggerLevel, 'silent'>,
      msg: string,
      fields?: Record<string, unknown>
    ): void => {
      if (RANK[level] < threshold) return;
      try {
        write(
          `${formatLine({ time: nowMs(), level, component, msg, fields })}\n`
        );
      } catch {
        // A closed stderr must not take the extension down with it.
      }
    };
    return {
      debug: (msg, fields) => entry('debug', msg, fields),
      info: (msg, fields) => entry('info', msg, fields),
      warn: (msg, fields) => entry('warn', msg, fields),
      error: (msg, fields) => entry('error', msg, fields),
      child: (name) => make(`${component}.${name}`),
    };
  };
  return make(opts.component);
}

/**
 * A logger that drops everything; handy in tests and as a default.
 *
 * @example
 * const log = createSilentLogger();
 * log.error('nobody hears this');
 */
export function createSilentLogger(): Logger {
  return createLogger({ level: 'silent', component: 'silent' });
}

let stderrGuarded = false;

// process.stderr is built at its first use, so a healthy extension, which
// logs nothing, never pays for it. Once built, a closed stderr (EPIPE) must
// not become an uncaught exception.
function writeStderr(line: string): void {
  if (!stderrGuarded) {
    stderrGuarded = true;
    process.stderr.on('error', () => undefined);
  }
  process.stderr.write(line);
}

function formatLine(entry: {
  time: number;
  level: string;
  component: string;
  msg: string;
  fields: Record<string, unknown> | undefined;
}): string {
  const base = {
    time: new Date(entry.time).toISOString(),
    level: entry.level,
    component: entry.component,
    msg: entry.msg,
  };
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(entry.fields ?? {})) {
    // The four base keys always describe the entry itself.
    if (key in base) continue;
    out[key] = toJsonSafe(value);
  }
  try {
    return JSON.stringify(out);
  } catch {
    return JSON.stringify({ ...base, fieldsError: 'fields not serialisable' });
  }
}

function toJsonSafe(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    const cause =
      value.cause instanceof Error ? value.cause.message : undefined;
    return {
      name: value.name,
      message: value.message,
      ...(code === undefined ? {} : { code }),
      ...(cause === undefined ? {} : { cause }),
    };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}
