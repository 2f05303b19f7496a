/** One record written through the framed log descriptor (spec 6.8). */
export interface LogFrame {
  format: 'text' | 'json';
  level: string | undefined;
  timeMs: number;
  message: string;
}

const HEADER_BYTES = 16;
const TYPE_MASK = 0xffffffe0 >>> 0;
const TEXT = 0xa55a0000;
const LEVELS: Record<number, string> = {
  4: 'TRACE',
  8: 'DEBUG',
  12: 'INFO',
  16: 'WARN',
  20: 'ERROR',
  24: 'FATAL',
};

/**
 * Reassembles frames (4-byte type, 4-byte length, 8-byte µs timestamp,
 * payload; big-endian) from the chunks of a pipe.
 */
export function createFrameReader(
  onFrame: (frame: LogFrame) => void
): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= HEADER_BYTES) {
      const type = pending.readUInt32BE(0);
      const length = pending.readUInt32BE(4);
      if (pending.length < HEADER_BYTES + length) break;
      // Two halves instead of a BigInt: exact below 2^53 µs (year 2255).
      const micros =
        pending.readUInt32BE(8) * 0x1_0000_0000 + pending.readUInt32BE(12);
      const message = pending
        .subarray(HEADER_BYTES, HEADER_BYTES + length)
        .toString('utf8');
      pending = pending.subarray(HEADER_BYTES + length);
      if ((type & TYPE_MASK) >>> 0 !== TEXT) continue;
      // Bit 0 set = text (0xA55A0003), clear = JSON (0xA55A0002).
      onFrame({
        format: type & 0x1 ? 'text' : 'json',
        level: LEVELS[type & 0x1c],
        timeMs: Math.floor(micros / 1000),
        message,
      });
    }
  };
}
