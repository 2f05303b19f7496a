import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { FunctionContext, LogEvent } from './log-event.js';

/**
 * One record read back from a {@link SpillFile}.
 *
 * @example
 * const record: SpillRecord | undefined = spill.shift();
 */
export interface SpillRecord {
  readonly event: LogEvent;
  readonly enqueuedMs: number;
}

interface Segment {
  readonly path: string;
  readonly fd: number;
  /** Bytes appended, written or still pending. */
  size: number;
  /** Bytes consumed from the start (only moves in the head segment). */
  readOffset: number;
}

const READ_CHUNK_BYTES = 64 * 1024;
// Appended lines are written together once this many bytes are pending.
const WRITE_CHUNK_BYTES = 64 * 1024;
const MAX_SEGMENT_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * A FIFO of LogEvents on disk (NDJSON, one `{"enqueuedMs","event"}` object
 * per line), in segment files under `dir`. Lines are appended to the last
 * segment and read from the first; a fully read segment is deleted, so the
 * disk holds the live bytes plus at most the read part of one segment
 * (≤ 4 MiB). The shared FunctionContext is left out of every line and put
 * back when reading. Synchronous on purpose: it runs inside `push` and
 * `take`, with small sequential I/O. Appended lines are written together:
 * per 64 KiB, at `flush`, or before they are read back (not one system call
 * per line). Errors are thrown to the caller.
 *
 * @example
 * const spill = new SpillFile({ dir: '/tmp/logdrain', maxBytes: 128 * 1024 * 1024 });
 * spill.append(spill.serialize(event, Date.now()));
 * spill.flush();
 * const first = spill.shift();
 * spill.close();
 */
export class SpillFile {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #segmentBytes: number;
  readonly #prefix =
    `logdrain-spill-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  readonly #segments: Segment[] = [];
  #segmentSerial = 0;
  #context: FunctionContext | undefined;
  #count = 0;
  #liveBytes = 0;
  #buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  #bufferStart = 0;
  #bufferEnd = 0;
  /** Lines appended to the last segment but not written yet. */
  #pending: string[] = [];
  #pendingBytes = 0;

  constructor(opts: { dir: string; maxBytes: number }) {
    this.#dir = opts.dir;
    this.#maxBytes = opts.maxBytes;
    this.#segmentBytes = Math.max(
      1,
      Math.min(MAX_SEGMENT_BYTES, Math.floor(opts.maxBytes / 8))
    );
  }

  /** Records on disk. */
  get count(): number {
    return this.#count;
  }

  /** Bytes of the records on disk (not counting consumed parts). */
  get bytes(): number {
    return this.#liveBytes;
  }

  /** The serialized line of `event`, as {@link append} would write it. */
  serialize(event: LogEvent, enqueuedMs: number): string {
    this.#context ??= event.context;
    // The context is the same object for every event: do not repeat it.
    const body =
      event.context === this.#context
        ? JSON.stringify({ ...event, context: undefined })
        : JSON.stringify(event);
    return `{"enqueuedMs":${enqueuedMs},"event":${body}}\n`;
  }

  /** Appends a serialized line unless it would exceed maxBytes; true if taken. */
  append(line: string): boolean {
    const lineBytes = Buffer.byteLength(line, 'utf8');
    if (this.#liveBytes + lineBytes > this.#maxBytes) return false;
    let tail = this.#segments.at(-1);
    if (tail === undefined || tail.size >= this.#segmentBytes) {
      this.flush();
      tail = this.#openSegment();
    }
    this.#pending.push(line);
    this.#pendingBytes += lineBytes;
    tail.size += lineBytes;
    this.#liveBytes += lineBytes;
    this.#count += 1;
    if (this.#pendingBytes >= WRITE_CHUNK_BYTES) this.flush();
    return true;
  }

  /** Writes the lines appended since the last write, in one system call. */
  flush(): void {
    const tail = this.#segments.at(-1);
    if (tail === undefined || this.#pendingBytes === 0) return;
    const text = this.#pending.join('');
    const position = tail.size - this.#pendingBytes;
    this.#pending = [];
    this.#pendingBytes = 0;
    writeSync(tail.fd, text, position, 'utf8');
  }

  /** Removes and returns the oldest record; undefined when empty. */
  shift(): SpillRecord | undefined {
    const head = this.#segments[0];
    if (head === undefined || this.#count === 0) return undefined;
    const end = this.#findLineEnd(head);
    const line = this.#buffer.toString('utf8', this.#bufferStart, end);
    const lineBytes = end + 1 - this.#bufferStart;
    this.#bufferStart = end + 1;
    head.readOffset += lineBytes;
    this.#liveBytes -= lineBytes;
    this.#count -= 1;
    if (head.readOffset >= head.size) this.#dropHeadSegment();
    const parsed = JSON.parse(line) as { enqueuedMs: number; event: LogEvent };
    if (parsed.event.context === undefined && this.#context !== undefined) {
      (parsed.event as { context: FunctionContext }).context = this.#context;
    }
    return parsed;
  }

  /** Closes and deletes every segment file. */
  close(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    while (this.#segments.length > 0) this.#dropHeadSegment();
    this.#count = 0;
    this.#liveBytes = 0;
  }

  #openSegment(): Segment {
    mkdirSync(this.#dir, { recursive: true });
    this.#segmentSerial += 1;
    const path = join(
      this.#dir,
      `${this.#prefix}-${this.#segmentSerial}.ndjson`
    );
    const segment: Segment = {
      path,
      fd: openSync(path, 'w+'),
      size: 0,
      readOffset: 0,
    };
    this.#segments.push(segment);
    return segment;
  }

  #dropHeadSegment(): void {
    const head = this.#segments.shift();
    this.#bufferStart = 0;
    this.#bufferEnd = 0;
    if (head === undefined) return;
    closeSync(head.fd);
    unlinkSync(head.path);
  }

  /** Index in the buffer of the newline ending the head segment's next line. */
  #findLineEnd(head: Segment): number {
    let searchFrom = this.#bufferStart;
    for (;;) {
      const end = this.#buffer.indexOf(NEWLINE, searchFrom);
      if (end >= 0 && end < this.#bufferEnd) return end;
      searchFrom = this.#bufferEnd;
      // Keep the unread part at the front; grow for lines longer than it.
      const pending = this.#bufferEnd - this.#bufferStart;
      if (this.#bufferStart > 0) {
        this.#buffer.copy(this.#buffer, 0, this.#bufferStart, this.#bufferEnd);
        searchFrom -= this.#bufferStart;
        this.#bufferStart = 0;
        this.#bufferEnd = pending;
      } else if (pending === this.#buffer.length) {
        const bigger = Buffer.allocUnsafe(this.#buffer.length * 2);
        this.#buffer.copy(bigger, 0, 0, pending);
        this.#buffer = bigger;
      }
      if (head === this.#segments.at(-1)) this.flush();
      const filePosition = head.readOffset + pending;
      const read = readSync(
        head.fd,
        this.#buffer,
        this.#bufferEnd,
        this.#buffer.length - this.#bufferEnd,
        filePosition
      );
      if (read === 0) throw new Error(`spill file ${head.path} ends mid-line`);
      this.#bufferEnd += read;
    }
  }
}
