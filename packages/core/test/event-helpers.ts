import { readFileSync } from 'node:fs';
import type { FunctionContext, LogEvent } from '../src/log-event.js';
import type { Logger } from '../src/logger.js';

export const TEST_CONTEXT: FunctionContext = Object.freeze({
  functionName: 'orders-api',
  functionVersion: '$LATEST',
  region: 'eu-west-1',
  memorySizeMb: 1024,
  accountId: '123456789012',
  architecture: 'x86_64',
  instanceId: '0f3c9b0d7e41',
  extensionName: 'logdrain-webhook',
});

/** A function-stream event whose record is the Node text line of `message`. */
export function makeEvent(
  message: string,
  extra: Partial<LogEvent> = {}
): LogEvent {
  return {
    time: '2026-01-20T09:14:02.700Z',
    timeMs: 1_768_900_442_700,
    type: 'function',
    stream: 'function',
    record: `${message}\n`,
    message,
    coldStart: false,
    context: TEST_CONTEXT,
    ...extra,
  };
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields?: Record<string, unknown>;
}

/** A Logger that remembers its entries. */
export function createRecordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const logger = {
    entries,
    debug: (msg: string, fields?: Record<string, unknown>) =>
      entries.push({ level: 'debug', msg, fields }),
    info: (msg: string, fields?: Record<string, unknown>) =>
      entries.push({ level: 'info', msg, fields }),
    warn: (msg: string, fields?: Record<string, unknown>) =>
      entries.push({ level: 'warn', msg, fields }),
    error: (msg: string, fields?: Record<string, unknown>) =>
      entries.push({ level: 'error', msg, fields }),
    child: () => logger,
  };
  return logger;
}

/** A Telemetry/Logs API event from test/fixtures (spec examples), by name. */
export function loadFixture(name: string): Record<string, unknown> {
  const path = new URL(`./fixtures/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}
