import { open, stat } from 'node:fs/promises';

const TAIL_BYTES = 16_384;

/** The last `lines` lines of a log file, or a note that it is missing. */
export async function readLogTail(file: string, lines = 40): Promise<string> {
  try {
    const { size } = await stat(file);
    const start = Math.max(0, size - TAIL_BYTES);
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      return buffer.toString('utf8').split('\n').slice(-lines).join('\n');
    } finally {
      await handle.close();
    }
  } catch {
    return `(no log at ${file})`;
  }
}
