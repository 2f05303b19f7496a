import type { SandboxContext } from './context.js';
import type { LogFrame } from './frame-reader.js';
import { isoTime } from './iso-time.js';
import type { BusEvent } from './telemetry-bus.js';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** Emits a platform event generated now. */
export function emitPlatform(
  ctx: SandboxContext,
  type: string,
  record: unknown,
  extra: Pick<BusEvent, 'api' | 'logsRecord'> = {}
): void {
  ctx.bus.emit({
    time: new Date().toISOString(),
    type,
    record,
    stream: 'platform',
    ...extra,
  });
}

/** One line an extension wrote: an `extension` record (spec 4.5). */
export function emitExtensionLine(ctx: SandboxContext, line: string): void {
  ctx.extensionOutput.push(line);
  ctx.bus.emit({
    time: new Date().toISOString(),
    type: 'extension',
    record: `${line}\n`,
    stream: 'extension',
  });
}

/** One frame of the runtime's log descriptor: one `function` record. */
export function emitFunctionFrame(ctx: SandboxContext, frame: LogFrame): void {
  const { message } = frame;
  ctx.functionOutput.push(
    message.endsWith('\n') ? message.slice(0, -1) : message
  );
  const time = isoTime(frame.timeMs);
  if (frame.format === 'json') {
    const record = parseObject(frame.message);
    if (record) {
      ctx.bus.emit({
        time,
        type: 'function',
        record,
        text: frame.message,
        stream: 'function',
      });
      return;
    }
  }
  ctx.bus.emit({
    time,
    type: 'function',
    record: frame.message,
    stream: 'function',
  });
}

/**
 * One raw stdout/stderr line of the runtime. Under JSON format a line that is
 * a JSON object becomes an object with a valid level and timestamp; other
 * lines stay strings (spec 4.7 and 11).
 */
export function emitFunctionLine(ctx: SandboxContext, line: string): void {
  ctx.functionOutput.push(line);
  const time = new Date().toISOString();
  const text = `${line}\n`;
  const object = ctx.opts.logFormat === 'JSON' ? parseObject(line) : undefined;
  if (!object) {
    ctx.bus.emit({ time, type: 'function', record: text, stream: 'function' });
    return;
  }
  const level = String(object.level ?? '').toUpperCase();
  const timestamp = object.timestamp;
  const record = {
    ...object,
    level: LEVELS.includes(level) ? level : 'INFO',
    timestamp:
      typeof timestamp === 'string' && !Number.isNaN(Date.parse(timestamp))
        ? timestamp
        : time,
  };
  ctx.bus.emit({ time, type: 'function', record, text, stream: 'function' });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
