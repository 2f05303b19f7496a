import { LOG_LEVELS, type LogLevel } from './log-event.js';

// Names runtimes and logging libraries use, mapped to Lambda's six levels.
const LEVEL_BY_NAME: ReadonlyMap<string, LogLevel> = new Map<string, LogLevel>([
  ['TRACE', 'TRACE'],
  ['DEBUG', 'DEBUG'],
  ['INFO', 'INFO'],
  ['WARN', 'WARN'],
  ['WARNING', 'WARN'],
  ['ERROR', 'ERROR'],
  ['ERR', 'ERROR'],
  ['FATAL', 'FATAL'],
  ['CRITICAL', 'FATAL'],
]);

const RANK: ReadonlyMap<LogLevel, number> = new Map(
  LOG_LEVELS.map((level, index) => [level, index])
);

/**
 * Reads a level name, case-insensitively, accepting the common aliases
 * (WARNING, ERR, CRITICAL). Returns undefined for anything else.
 *
 * @example
 * parseLevel('warning'); // 'WARN'
 * parseLevel('loud'); // undefined
 */
export function parseLevel(text: string | undefined): LogLevel | undefined {
  if (text === undefined) return undefined;
  // Exact upper-case names are the common case: no new string for them.
  return (
    LEVEL_BY_NAME.get(text) ?? LEVEL_BY_NAME.get(text.trim().toUpperCase())
  );
}

/**
 * True when `level` is as severe as `min` or more.
 *
 * @example
 * isLevelAtLeast('ERROR', 'WARN'); // true
 * isLevelAtLeast('DEBUG', 'INFO'); // false
 */
export function isLevelAtLeast(level: LogLevel, min: LogLevel): boolean {
  return (RANK.get(level) ?? 0) >= (RANK.get(min) ?? 0);
}
