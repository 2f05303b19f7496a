import type { LoggerLevel } from './default-logger.js';
import { readLogLevel } from './early-settings.js';
import { createEnvReader, type Env, type EnvReader } from './env-reader.js';
import {
  FLUSH_POLICY_ALLOWED,
  type FlushPolicySpec,
  parseFlushPolicy,
} from './flush-policy.js';
import { parseLevel } from './level.js';
import type { LogLevel, LogStream } from './log-event.js';
import { parseRedactSetting, type RedactSetting } from './redact-setting.js';

/**
 * Telemetry API buffering, sent explicitly with every subscription.
 *
 * @example
 * const buffering: TelemetryBuffering = { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 25 };
 */
export interface TelemetryBuffering {
  readonly maxItems: number;
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/**
 * Settings common to every logdrain layer, from `parseCoreConfig`.
 *
 * @example
 * const config: CoreConfig = parseCoreConfig(process.env);
 */
export interface CoreConfig {
  /** Streams to ship (LOGDRAIN_TYPES). */
  readonly types: readonly LogStream[];
  readonly flush: FlushPolicySpec;
  readonly bufferMaxBytes: number;
  readonly spillMaxBytes: number;
  readonly include?: RegExp;
  readonly exclude?: RegExp;
  readonly minLevel?: LogLevel;
  readonly redact: RedactSetting;
  readonly onConfigError: 'fail' | 'disable';
  readonly logLevel: LoggerLevel;
  readonly telemetry: TelemetryBuffering;
  /** 0: the OS chooses. */
  readonly listenerPort: number;
  /** LOGDRAIN_LISTENER_HOST; undefined: resolve sandbox.localdomain. */
  readonly listenerHost?: string;
  /** One line per malformed optional setting (its default was used). */
  readonly warnings: readonly string[];
}

const MIB = 1024 * 1024;

/**
 * Defaults and ranges of the common settings.
 *
 * @example
 * CORE_LIMITS.bufferMaxBytes.max; // → 1073741824 (1 GiB)
 */
export const CORE_LIMITS = {
  bufferMaxBytes: { default: 16 * MIB, min: MIB, max: 1024 * MIB },
  spillMaxBytes: { default: 128 * MIB, min: 0, max: 10 * 1024 * MIB },
  // Platform limits (spec 4.1). The items cap rarely binds: bytes cut first.
  telemetryMaxItems: { default: 10_000, min: 1_000, max: 10_000 },
  telemetryMaxBytes: { default: 262_144, min: 262_144, max: 1_048_576 },
  // The shortest: an invoke's platform.runtimeDone reaches us ~25 ms after
  // the runtime finishes, and the adaptive policy waits for it before /next
  // on cold starts and sporadic invokes (measured in the sandbox: ~100 ms
  // of post-runtime time with 100, ~25-30 ms with 25). Byte-bound batches
  // are unaffected; only tiny ones come more often.
  telemetryTimeoutMs: { default: 25, min: 25, max: 30_000 },
  listenerPort: { default: 0, min: 0, max: 65_535 },
} as const;

const STREAMS: readonly LogStream[] = ['platform', 'function', 'extension'];
const RUNTIME_API_PORT = 9001;

/**
 * Reads every common `LOGDRAIN_*` setting. A malformed optional setting
 * falls back to its default and adds a line to `warnings`. A malformed
 * LOGDRAIN_REDACT fails (a redaction that silently stops would leak). Throws
 * one ConfigError listing every problem.
 *
 * @example
 * const config = parseCoreConfig(process.env);
 * config.flush; // → { kind: 'adaptive' }
 */
export function parseCoreConfig(env: Env): CoreConfig {
  const read = createEnvReader(env);
  const config: Omit<CoreConfig, 'warnings'> = {
    types: read.list('LOGDRAIN_TYPES', {
      default: ['platform', 'function'],
      allowed: STREAMS,
    }),
    flush: readFlush(read, env),
    bufferMaxBytes: read.int('LOGDRAIN_BUFFER_MAX_BYTES', {
      ...CORE_LIMITS.bufferMaxBytes,
      unit: 'bytes',
    }),
    spillMaxBytes: read.int('LOGDRAIN_SPILL_MAX_BYTES', {
      ...CORE_LIMITS.spillMaxBytes,
      unit: 'bytes',
    }),
    include: read.regex('LOGDRAIN_INCLUDE'),
    exclude: read.regex('LOGDRAIN_EXCLUDE'),
    minLevel: readMinLevel(read, env),
    redact: parseRedactSetting(read, env.LOGDRAIN_REDACT),
    onConfigError: read.oneOf('LOGDRAIN_ON_CONFIG_ERROR', ['fail', 'disable'], {
      default: 'fail',
    }),
    logLevel: readLogLevel(env, read),
    telemetry: {
      maxItems: read.int(
        'LOGDRAIN_TELEMETRY_MAX_ITEMS',
        CORE_LIMITS.telemetryMaxItems
      ),
      maxBytes: read.int('LOGDRAIN_TELEMETRY_MAX_BYTES', {
        ...CORE_LIMITS.telemetryMaxBytes,
        unit: 'bytes',
      }),
      timeoutMs: read.int(
        'LOGDRAIN_TELEMETRY_TIMEOUT_MS',
        CORE_LIMITS.telemetryTimeoutMs
      ),
    },
    listenerPort: readListenerPort(read, env),
    listenerHost: read.string('LOGDRAIN_LISTENER_HOST'),
  };
  read.throwIfInvalid();
  return deepFreeze({ ...config, warnings: [...read.warnings] });
}

function readFlush(read: EnvReader, env: Env): FlushPolicySpec {
  const value = env.LOGDRAIN_FLUSH?.trim();
  if (value === undefined || value === '') return { kind: 'adaptive' };
  const spec = parseFlushPolicy(value);
  if (spec !== undefined) return spec;
  read.warn(
    { variable: 'LOGDRAIN_FLUSH', value, allowed: FLUSH_POLICY_ALLOWED },
    'the default adaptive'
  );
  return { kind: 'adaptive' };
}

function readMinLevel(read: EnvReader, env: Env): LogLevel | undefined {
  const value = env.LOGDRAIN_MIN_LEVEL?.trim();
  if (value === undefined || value === '') return undefined;
  const level = parseLevel(value);
  if (level !== undefined) return level;
  read.warn(
    {
      variable: 'LOGDRAIN_MIN_LEVEL',
      value,
      allowed: 'one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL',
    },
    'no level filter'
  );
  return undefined;
}

function readListenerPort(read: EnvReader, env: Env): number {
  const port = read.int('LOGDRAIN_LISTENER_PORT', CORE_LIMITS.listenerPort);
  if (port !== RUNTIME_API_PORT) return port;
  read.warn(
    {
      variable: 'LOGDRAIN_LISTENER_PORT',
      value: env.LOGDRAIN_LISTENER_PORT,
      allowed: `a port from 0 to 65535 other than ${RUNTIME_API_PORT} (reserved by Lambda)`,
    },
    'the default 0 (the OS chooses)'
  );
  return 0;
}

function deepFreeze<T>(value: T): T {
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof RegExp)
  ) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
