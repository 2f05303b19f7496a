// Console output of the runtime client, written like the managed Node.js
// runtime: Text lines "<ISO>\t<requestId>\t<LEVEL>\t<message>\n" or JSON
// objects, one frame each on the telemetry log descriptor (spec 4.7, 6.8).
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeSync } from 'node:fs';
import { format } from 'node:util';
import { isoTime } from './iso-time.js';

type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

const LEVEL_BITS: Record<Level, number> = {
  TRACE: 0x04,
  DEBUG: 0x08,
  INFO: 0x0c,
  WARN: 0x10,
  ERROR: 0x14,
  FATAL: 0x18,
};
const ORDER: Level[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const env = process.env;
const jsonFormat = env.AWS_LAMBDA_LOG_FORMAT === 'JSON';
// Level filtering only applies to the JSON format (spec 4.7).
const minLevel = jsonFormat
  ? ORDER.indexOf((env.AWS_LAMBDA_LOG_LEVEL ?? 'TRACE').toUpperCase() as Level)
  : 0;
const logFd = Number(env._LAMBDA_TELEMETRY_LOG_FD);
delete env._LAMBDA_TELEMETRY_LOG_FD;
const pause = new Int32Array(new SharedArrayBuffer(4));
const requestScope = new AsyncLocalStorage<string>();

/**
 * Runs one invoke's code: lines it logs carry its request id, also when
 * several invokes run at once (Managed Instances).
 */
export function withRequestId<T>(id: string, fn: () => T): T {
  return requestScope.run(id, fn);
}

export function log(level: Level, args: unknown[]): void {
  if (ORDER.indexOf(level) < minLevel) return;
  const nowMs = Date.now();
  const iso = isoTime(nowMs);
  const requestId = requestScope.getStore();
  let text: string;
  if (jsonFormat) {
    const first = args[0];
    const entry: Record<string, unknown> = {
      timestamp: iso,
      level,
      requestId,
      message: format(...args),
    };
    if (first instanceof Error) {
      entry.errorType = first.name;
      entry.errorMessage = first.message;
      entry.stackTrace = (first.stack ?? '').split('\n');
    }
    text = JSON.stringify(entry);
  } else {
    text = `${iso}\t${requestId}\t${level}\t${format(...args)}\n`;
  }
  if (!Number.isInteger(logFd)) {
    process.stdout.write(jsonFormat ? `${text}\n` : text);
    return;
  }
  // One buffer, every byte written below; the µs timestamp in two halves.
  const length = Buffer.byteLength(text, 'utf8');
  const frame = Buffer.allocUnsafe(16 + length);
  const type = (jsonFormat ? 0xa55a0002 : 0xa55a0003) | LEVEL_BITS[level];
  const micros = nowMs * 1000;
  frame.writeUInt32BE(type >>> 0, 0);
  frame.writeUInt32BE(length, 4);
  frame.writeUInt32BE(Math.floor(micros / 0x1_0000_0000), 8);
  frame.writeUInt32BE(micros >>> 0, 12);
  frame.write(text, 16, 'utf8');
  writeAll(frame);
}

/** Synchronous, so every line is in the pipe before the next API call. */
function writeAll(buf: Buffer): void {
  let offset = 0;
  while (offset < buf.length) {
    try {
      offset += writeSync(logFd, buf, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

const CONSOLE_LEVELS: Array<[string, Level]> = [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
];

/** Routes console.* to {@link log}, as the managed runtime does. */
export function patchConsole(): void {
  for (const [name, level] of CONSOLE_LEVELS) {
    (console as unknown as Record<string, unknown>)[name] = (
      ...args: unknown[]
    ) => log(level, args);
  }
}
