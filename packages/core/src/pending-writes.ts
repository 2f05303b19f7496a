import { writeSync } from 'node:fs';

/**
 * Lines waiting to be written together at the end of a file: one system call
 * per batch instead of one per line.
 *
 * @example
 * const pending = new PendingWrites();
 * pending.add(line, Buffer.byteLength(line));
 * pending.writeAt(fd, positionOfTheFirstLine);
 */
export class PendingWrites {
  #lines: string[] = [];
  #bytes = 0;

  /** UTF-8 bytes of the lines not written yet. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Adds a line of `lineBytes` UTF-8 bytes. */
  add(line: string, lineBytes: number): void {
    this.#lines.push(line);
    this.#bytes += lineBytes;
  }

  /**
   * Writes every pending line at `position` of `fd` and forgets them, or
   * throws (the lines are forgotten either way). A short write is continued.
   */
  writeAt(fd: number, position: number): void {
    if (this.#bytes === 0) return;
    const text = this.#lines.join('');
    const bytes = this.#bytes;
    this.clear();
    const written = writeSync(fd, text, position, 'utf8');
    if (written < bytes) {
      writeRest(fd, Buffer.from(text, 'utf8'), written, position);
    }
  }

  /** Forgets the pending lines without writing them. */
  clear(): void {
    this.#lines = [];
    this.#bytes = 0;
  }
}

/** Writes `data` from `offset` on, at `position + offset` of `fd`. */
function writeRest(
  fd: number,
  data: Buffer,
  offset: number,
  position: number
): void {
  let done = offset;
  while (done < data.length) {
    const written = writeSync(
      fd,
      data,
      done,
      data.length - done,
      position + done
    );
    if (written <= 0) {
      throw new Error(`spill write stopped at ${done} of ${data.length} bytes`);
    }
    done += written;
  }
}
