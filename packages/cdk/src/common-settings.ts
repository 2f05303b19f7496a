import { definedVariables } from './destination-setup.js';

/** The settings every logdrain layer reads (DESIGN.md, common variables). */
export interface LogDrainSettings {
  /** LOGDRAIN_TYPES; the layer's default is platform and function. */
  readonly types?: ReadonlyArray<'platform' | 'function' | 'extension'>;
  /** LOGDRAIN_FLUSH: `adaptive`, `end`, `periodic:<ms>` or `continuous:<ms>`. */
  readonly flush?: string;
  readonly bufferMaxBytes?: number;
  /** 0 disables spilling to /tmp. */
  readonly spillMaxBytes?: number;
  /** LOGDRAIN_INCLUDE: a regular expression on the message. */
  readonly include?: string;
  /** LOGDRAIN_EXCLUDE: a regular expression on the message. */
  readonly exclude?: string;
  readonly minLevel?: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  /** LOGDRAIN_REDACT: names (`email`, `credit-card`, …) and `/regex/flags`. */
  readonly redact?: readonly string[];
  /** LOGDRAIN_ON_CONFIG_ERROR; the layer's default is `fail`. */
  readonly onConfigError?: 'fail' | 'disable';
  /** LOGDRAIN_LOG_LEVEL: the extension's own log level. */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** LOGDRAIN_CONFIG: a JSON settings file in the function package or a layer. */
  readonly configFile?: string;
}

/** A comma list, or a JSON array when an entry holds a comma itself. */
function redactList(entries: readonly string[]): string {
  return entries.some((e) => e.includes(','))
    ? JSON.stringify(entries)
    : entries.join(',');
}

/**
 * The common variables for the given settings; unset ones are left out so
 * the layer's own defaults apply.
 *
 * @example
 * settingsVariables({ minLevel: 'INFO', redact: ['email'] });
 * // → { LOGDRAIN_MIN_LEVEL: 'INFO', LOGDRAIN_REDACT: 'email' }
 */
export function settingsVariables(
  settings: LogDrainSettings
): Record<string, string> {
  return definedVariables({
    LOGDRAIN_TYPES: settings.types?.join(','),
    LOGDRAIN_FLUSH: settings.flush,
    LOGDRAIN_BUFFER_MAX_BYTES: settings.bufferMaxBytes,
    LOGDRAIN_SPILL_MAX_BYTES: settings.spillMaxBytes,
    LOGDRAIN_INCLUDE: settings.include,
    LOGDRAIN_EXCLUDE: settings.exclude,
    LOGDRAIN_MIN_LEVEL: settings.minLevel,
    LOGDRAIN_REDACT:
      settings.redact === undefined ? undefined : redactList(settings.redact),
    LOGDRAIN_ON_CONFIG_ERROR: settings.onConfigError,
    LOGDRAIN_LOG_LEVEL: settings.logLevel,
    LOGDRAIN_CONFIG: settings.configFile,
  });
}
