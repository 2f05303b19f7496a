/** The Telemetry API stream an event came from. */
export type LogStream = 'platform' | 'function' | 'extension';

/** Log levels in order of severity, as Lambda's advanced logging names them. */
export const LOG_LEVELS = [
  'TRACE',
  'DEBUG',
  'INFO',
  'WARN',
  'ERROR',
  'FATAL',
] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What an extension can see of the function it runs beside. The log group
 * and stream names are not visible to extensions (spec 1.4), so they are
 * absent on purpose.
 */
export interface FunctionContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly region: string;
  readonly memorySizeMb: number;
  /** From the register response (`Lambda-Extension-Accept-Feature: accountId`). */
  readonly accountId?: string;
  readonly architecture: 'x86_64' | 'arm64';
  /** A random id made once per execution environment. */
  readonly instanceId: string;
  /** The extension's own name (the launcher's file name). */
  readonly extensionName: string;
}

/**
 * The one normalized record every destination receives.
 *
 * @example
 * const event: LogEvent = {
 *   time: '2026-01-20T09:14:02.700Z',
 *   timeMs: 1768900442700,
 *   type: 'function',
 *   stream: 'function',
 *   record: 'hello\n',
 *   message: 'hello',
 *   coldStart: true,
 *   context,
 * };
 */
export interface LogEvent {
  /** The envelope's ISO-8601 time, as Lambda wrote it. */
  readonly time: string;
  /** `time` in epoch milliseconds (NaN-free: falls back to receipt time). */
  readonly timeMs: number;
  /** The envelope's `type`, e.g. `function` or `platform.report`. */
  readonly type: string;
  readonly stream: LogStream;
  /** The original `record`, untouched (string or object). */
  readonly record: unknown;
  /** Human-readable text: the log line without Lambda's prefix, or a summary. */
  readonly message: string;
  readonly level?: LogLevel;
  readonly requestId?: string;
  /** True for events of the environment's first invoke or its init. */
  readonly coldStart: boolean;
  readonly context: FunctionContext;
}
