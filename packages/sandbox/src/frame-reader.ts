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
    const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    // An offset into `data` rather than a subarray per frame.
    let at = 0;
    try {
      while (data.length - at >= HEADER_BYTES) {
        const type = data.readUInt32BE(at);
        const length = data.readUInt32BE(at + 4);
        const end = at + HEADER_BYTES + length;
        if (data.length < end) break;
        // Two halves instead of a BigInt: exact below 2^53 µs (year 2255).
        const micros =
          data.readUInt32BE(at + 8) * 0x1_0000_0000 +
          data.readUInt32BE(at + 12);
        const message = data.toString('utf8', at + HEADER_BYTES, end);
        at = end;
        if ((type & TYPE_MASK) >>> 0 !== TEXT) continue;
        // Bit 0 set = text (0xA55A0003), clear = JSON (0xA55A0002).
        onFrame({
          format: type & 0x1 ? 'text' : 'json',
          level: LEVELS[type & 0x1c],
          timeMs: Math.floor(micros / 1000),
          message,
        });
      }
    } finally {
      // A frame whose handler threw is consumed all the same.
      pending = data.subarray(at);
    }
  };
}
