import { describe, expect, it } from 'vitest';
import { createFrameReader, type LogFrame } from '../src/frame-reader.js';

function frame(type: number, message: string, micros: bigint): Buffer {
  const payload = Buffer.from(message);
  const header = Buffer.alloc(16);
  header.writeUInt32BE(type, 0);
  header.writeUInt32BE(payload.length, 4);
  header.writeBigUInt64BE(micros, 8);
  return Buffer.concat([header, payload]);
}

describe('createFrameReader', () => {
  it('reads text and JSON frames with their level and time', () => {
    const frames: LogFrame[] = [];
    const read = createFrameReader((f) => frames.push(f));

    read(frame(0xa55a000f, 'hello\nworld\n', 1_769_001_234_567_000n));
    read(frame(0xa55a0016, '{"level":"ERROR"}', 1_000n));

    expect(frames).toEqual([
      {
        format: 'text',
        level: 'INFO',
        timeMs: 1_769_001_234_567,
        message: 'hello\nworld\n',
      },
      {
        format: 'json',
        level: 'ERROR',
        timeMs: 1,
        message: '{"level":"ERROR"}',
      },
    ]);
  });

  it('truncates the µs timestamp to whole milliseconds, also past 2^32 µs', () => {
    const frames: LogFrame[] = [];
    const read = createFrameReader((f) => frames.push(f));

    read(frame(0xa55a000f, 'a', 1_769_001_234_567_999n));
    read(frame(0xa55a000f, 'b', 4_294_967_296_999n));
    read(frame(0xa55a000f, 'c', 4_294_967_295n));

    expect(frames.map((f) => f.timeMs)).toEqual([
      1_769_001_234_567, 4_294_967_296, 4_294_967,
    ]);
  });

  it('consumes a frame whose handler threw and keeps the rest', () => {
    const seen: string[] = [];
    const read = createFrameReader((f) => {
      seen.push(f.message);
      if (f.message === 'bad') throw new Error('handler failed');
    });

    expect(() =>
      read(
        Buffer.concat([
          frame(0xa55a000f, 'bad', 0n),
          frame(0xa55a000f, 'next', 0n),
        ])
      )
    ).toThrow('handler failed');
    read(frame(0xa55a000f, 'last', 0n));

    expect(seen).toEqual(['bad', 'next', 'last']);
  });

  it('joins a frame split across chunks and reads several in one chunk', () => {
    const frames: LogFrame[] = [];
    const read = createFrameReader((f) => frames.push(f));
    const bytes = Buffer.concat([
      frame(0xa55a0013, 'warn', 0n),
      frame(0xa55a001b, 'fatal', 0n),
    ]);

    read(bytes.subarray(0, 10));
    read(bytes.subarray(10, 30));
    read(bytes.subarray(30));

    expect(frames.map((f) => [f.level, f.message])).toEqual([
      ['WARN', 'warn'],
      ['FATAL', 'fatal'],
    ]);
  });

  it('skips frames of another type', () => {
    const frames: LogFrame[] = [];
    const read = createFrameReader((f) => frames.push(f));

    read(frame(0x12345678, 'noise', 0n));
    read(frame(0xa55a0007, 'trace', 0n));

    expect(frames.map((f) => [f.level, f.message])).toEqual([
      ['TRACE', 'trace'],
    ]);
  });
});
