import type { ContractEvent } from './destination-shape.js';
import { batchJsonBytes, contractEvent } from './events.js';

/** The largest line Lambda hands an extension (256 KiB). */
export const LAMBDA_MAX_RECORD_BYTES = 262_144;

interface Limits {
  readonly maxBatchBytes: number;
  readonly maxBatchItems: number;
}

const eventBytes = (event: ContractEvent) =>
  Buffer.byteLength(JSON.stringify(event), 'utf8');

/** The largest single event (as JSON) the suite sends. */
export function maxRecordBytes(limits: Limits, declared?: number): number {
  return (
    declared ?? Math.min(LAMBDA_MAX_RECORD_BYTES, limits.maxBatchBytes - 2)
  );
}

/**
 * An event whose JSON is `bytes` long (as near as the tag allows): its
 * message (and the text line of its record) is padded with `fill`.
 */
export function eventOfBytes(opts: {
  readonly tag: string;
  readonly n: number;
  readonly bytes: number;
  readonly fill?: string;
}): ContractEvent {
  const fill = opts.fill ?? 'x';
  const bare = eventBytes(
    contractEvent({ tag: opts.tag, n: opts.n, text: '' })
  );
  // The text appears twice: in `message` and in the record's text line.
  const room = Math.max(0, Math.floor((opts.bytes - bare) / 2));
  const text = fill.repeat(Math.ceil(room / fill.length)).slice(0, room);
  return contractEvent({ tag: opts.tag, n: opts.n, text });
}

/**
 * As many of the smallest events as the limits allow: `maxBatchItems`, or
 * fewer when that many do not fit in `maxBatchBytes`.
 */
export function itemLimitBatch(tag: string, limits: Limits): ContractEvent[] {
  const batch: ContractEvent[] = [];
  let bytes = 2;
  while (batch.length < limits.maxBatchItems) {
    const event = contractEvent({ tag, n: batch.length });
    const add = eventBytes(event) + (batch.length > 0 ? 1 : 0);
    if (bytes + add > limits.maxBatchBytes) break;
    batch.push(event);
    bytes += add;
  }
  return batch;
}

/**
 * Events of a few KiB each whose JSON array comes to `maxBatchBytes` (to
 * within a few bytes), without exceeding `maxBatchItems` or the largest
 * record size.
 */
export function byteLimitBatch(opts: {
  readonly tag: string;
  readonly limits: Limits;
  readonly maxRecordBytes: number;
}): ContractEvent[] {
  const { limits, tag } = opts;
  const each = Math.min(
    opts.maxRecordBytes,
    Math.max(4_096, Math.ceil(limits.maxBatchBytes / limits.maxBatchItems))
  );
  const batch: ContractEvent[] = [];
  let bytes = 2;
  while (batch.length < limits.maxBatchItems) {
    const left = limits.maxBatchBytes - bytes - (batch.length > 0 ? 1 : 0);
    const event = eventOfBytes({
      tag,
      n: batch.length,
      bytes: Math.min(each, left),
    });
    const add = eventBytes(event) + (batch.length > 0 ? 1 : 0);
    if (bytes + add > limits.maxBatchBytes) break;
    batch.push(event);
    bytes += add;
    if (left <= each) break;
  }
  return batch;
}

/** Text that trips naive encoders: scripts, emoji, controls, binary-looking bytes. */
export const AWKWARD_TEXTS: readonly string[] = Object.freeze([
  'Grüße aus Zürich: ñ ç ß ø å é',
  '日本語のログ 中文日志 한국어 로그',
  'emoji 🚀🔥 👩‍💻 👨‍👩‍👧‍👦 🇪🇺 and a variation selector ❤️',
  'right to left: مرحبا بالعالم שלום עולם',
  'combining marks: e\u0301 a\u0308 n\u0303 Z\u0335\u0321a\u0336',
  'controls: \u0000 \u0001 \u0007 \b \t \v \f \r \u001b[31mred\u001b[0m \u007f',
  'newlines inside one record:\nsecond line\r\nthird line',
  `latin-1 bytes: ${String.fromCharCode(...Array.from({ length: 128 }, (_, i) => 128 + i))}`,
  'byte order mark \ufeff, separators \u2028 \u2029, noncharacter \uffff',
  'escapes: "quoted" \\backslash\\ \\u0041 %s %d {{template}} $ {not} </script>',
  '{"looks":"like JSON","but":"is a message"}',
  `base64: ${Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 37) % 256)).toString('base64')}`,
]);

/** A JSON-format log record with nested keys, arrays and odd values. */
export function nestedRecord(tag: string, n: number): Record<string, unknown> {
  return {
    timestamp: new Date(Date.UTC(2026, 0, 20, 9, 0, 0, n)).toISOString(),
    level: 'INFO',
    requestId: 'req-contract',
    message: `${tag} #${n} structured`,
    user: { id: 42 + n, roles: ['admin', 'billing'], email: null },
    order: {
      id: `ord-${n}`,
      lines: [
        { sku: 'A-1', qty: 2, price: 9.99 },
        { sku: 'B-2', qty: 1, price: 0, tags: [] },
      ],
      shipping: { address: { city: 'Zürich', geo: { lat: 47.37, lon: 8.54 } } },
    },
    flags: { retried: false, cold: true },
    deep: { a: { b: { c: { d: { e: { f: ['deep', n] } } } } } },
    empty: {},
  };
}

export { batchJsonBytes, eventBytes };
