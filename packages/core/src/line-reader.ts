import { readSync } from 'node:fs';

const READ_CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * The file a {@link LineReader} reads: `readOffset` is where its next unread
 * line starts.
 *
 * @example
 * const source: LineSource = { fd, path: '/tmp/logdrain/x.ndjson', readOffset: 0 };
 */
export interface LineSource {
  readonly fd: number;
  readonly path: string;
  readonly readOffset: number;
}

/**
 * Reads newline-ended lines from the front of a file, 64 KiB at a time (the
 * buffer grows for longer lines). One file at a time: `reset` before the
 * next one.
 *
 * @example
 * const reader = new LineReader();
 * const line = reader.next(source, () => {});
 * source.readOffset += reader.lastLineBytes;
 */
export class LineReader {
  #buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  #start = 0;
  #end = 0;
  #lastLineBytes = 0;

  /** Bytes of the line `next` returned last, newline included. */
  get lastLineBytes(): number {
    return this.#lastLineBytes;
  }

  /**
   * The next line of `source`, without its newline. `beforeRead` runs before
   * each read of the file (to write what is pending there).
   */
  next(source: LineSource, beforeRead: () => void): string {
    const end = this.#findLineEnd(source, beforeRead);
    const line = this.#buffer.toString('utf8', this.#start, end);
    this.#lastLineBytes = end + 1 - this.#start;
    this.#start = end + 1;
    return line;
  }

  /** Forgets what was read ahead (the file is done with). */
  reset(): void {
    this.#start = 0;
    this.#end = 0;
  }

  /** Index in the buffer of the newline ending the source's next line. */
  #findLineEnd(source: LineSource, beforeRead: () => void): number {
    let searchFrom = this.#start;
    for (;;) {
      const end = this.#buffer.indexOf(NEWLINE, searchFrom);
      if (end >= 0 && end < this.#end) return end;
      searchFrom = this.#end;
      // Keep the unread part at the front; grow for lines longer than it.
      const unread = this.#end - this.#start;
      if (this.#start > 0) {
        this.#buffer.copy(this.#buffer, 0, this.#start, this.#end);
        searchFrom -= this.#start;
        this.#start = 0;
        this.#end = unread;
      } else if (unread === this.#buffer.length) {
        const bigger = Buffer.allocUnsafe(this.#buffer.length * 2);
        this.#buffer.copy(bigger, 0, 0, unread);
        this.#buffer = bigger;
      }
      beforeRead();
      const read = readSync(
        source.fd,
        this.#buffer,
        this.#end,
        this.#buffer.length - this.#end,
        source.readOffset + unread
      );
      if (read === 0)
        throw new Error(`spill file ${source.path} ends mid-line`);
      this.#end += read;
    }
  }
}
