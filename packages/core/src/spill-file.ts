import { closeSync, mkdirSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { LineReader } from './line-reader.js';
import type { FunctionContext, LogEvent } from './log-event.js';
import { PendingWrites } from './pending-writes.js';

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

// Appended lines are written together before they would pass this many bytes.
const WRITE_CHUNK_BYTES = 64 * 1024;
const MAX_SEGMENT_BYTES = 4 * 1024 * 1024;

/**
 * A FIFO of LogEvents on disk (NDJSON, one `{"enqueuedMs","event"}` object
 * per line), in segment files under `dir`. Lines are appended to the last
 * segment and read from the first; a fully read segment is deleted, so the
 * disk holds the live bytes plus at most the read part of one segment
 * (≤ 4 MiB). The shared FunctionContext is left out of every line and put
 * back when reading. Synchronous on purpose: it runs inside `push` and
 * `take`, with small sequential I/O. Appended lines are written together:
 * per 64 KiB, at `flush`, or before they are read back (not one system call
 * per line). Errors are thrown to the caller; a throwing `append` has not
 * taken its line.
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
  readonly #reader = new LineReader();
  /** Reading the tail segment writes its pending lines first. */
  readonly #flushBeforeRead = () => {
    if (this.#segments.length === 1) this.flush();
  };
  /** Lines appended to the last segment but not written yet. */
  readonly #pending = new PendingWrites();

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
    // Write first, so that a failed write leaves this line untaken.
    if (this.#pending.bytes + lineBytes > WRITE_CHUNK_BYTES) this.flush();
    let tail = this.#segments.at(-1);
    if (tail === undefined || tail.size >= this.#segmentBytes) {
      this.flush();
      tail = this.#openSegment();
    }
    this.#pending.add(line, lineBytes);
    tail.size += lineBytes;
    this.#liveBytes += lineBytes;
    this.#count += 1;
    return true;
  }

  /** Writes the lines appended since the last write, in one system call. */
  flush(): void {
    const tail = this.#segments.at(-1);
    if (tail === undefined) return;
    this.#pending.writeAt(tail.fd, tail.size - this.#pending.bytes);
  }

  /** Removes and returns the oldest record; undefined when empty. */
  shift(): SpillRecord | undefined {
    const head = this.#segments[0];
    if (head === undefined || this.#count === 0) return undefined;
    const line = this.#reader.next(head, this.#flushBeforeRead);
    const lineBytes = this.#reader.lastLineBytes;
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
    this.#pending.clear();
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
    this.#reader.reset();
    if (head === undefined) return;
    closeSync(head.fd);
    unlinkSync(head.path);
  }
}
