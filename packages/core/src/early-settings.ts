import type { LoggerLevel } from './default-logger.js';
import { createEnvReader, type Env, type EnvReader } from './env-reader.js';
import { parseLevel } from './level.js';

// Settings read before the rest of the config: the logger and the reaction
// to a bad config must exist even when the rest cannot be read.

/**
 * The extension's own log level: LOGDRAIN_LOG_LEVEL, else
 * AWS_LAMBDA_LOG_LEVEL (TRACE→debug, FATAL→error), else warn. Never fails,
 * so the logger exists before the rest of the config is read.
 *
 * @example
 * resolveLogLevel({ AWS_LAMBDA_LOG_LEVEL: 'DEBUG' }); // → 'debug'
 */
export function resolveLogLevel(env: Env): LoggerLevel {
  return readLogLevel(env, createEnvReader(env));
}

/**
 * LOGDRAIN_ON_CONFIG_ERROR alone (default `fail`), for when the rest of the
 * config is invalid.
 *
 * @example
 * resolveOnConfigError({ LOGDRAIN_ON_CONFIG_ERROR: 'disable' }); // → 'disable'
 */
export function resolveOnConfigError(env: Env): 'fail' | 'disable' {
  return createEnvReader(env).oneOf(
    'LOGDRAIN_ON_CONFIG_ERROR',
    ['fail', 'disable'],
    { default: 'fail' }
  );
}

/**
 * LOGDRAIN_LOG_LEVEL (a malformed value warns on `read` and gives warn),
 * else AWS_LAMBDA_LOG_LEVEL, else warn.
 *
 * @example
 * readLogLevel(env, createEnvReader(env));
 */
export function readLogLevel(env: Env, read: EnvReader): LoggerLevel {
  const own = env.LOGDRAIN_LOG_LEVEL?.trim();
  if (own !== undefined && own !== '') {
    const level = loggerLevelOf(own);
    if (level !== undefined) return level;
    read.warn(
      {
        variable: 'LOGDRAIN_LOG_LEVEL',
        value: own,
        allowed: 'one of debug, info, warn, error, silent',
      },
      'the default warn'
    );
    return 'warn';
  }
  return loggerLevelOf(env.AWS_LAMBDA_LOG_LEVEL?.trim() ?? '') ?? 'warn';
}

function loggerLevelOf(text: string): LoggerLevel | undefined {
  const lower = text.toLowerCase();
  if (lower === 'silent' || lower === 'off') return 'silent';
  const level = parseLevel(text);
  switch (level) {
    case 'TRACE':
    case 'DEBUG':
      return 'debug';
    case 'INFO':
      return 'info';
    case 'WARN':
      return 'warn';
    case 'ERROR':
    case 'FATAL':
      return 'error';
    default:
      return undefined;
  }
}
