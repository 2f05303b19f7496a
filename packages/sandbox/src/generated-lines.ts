// Lines the built-in Node.js runtime logs per invoke (the `lines` and
// `lineBytes` options). Imported by the runtime client too: no imports.

/** What one invoke generates. */
export interface LineSettings {
  lines: number;
  lineBytes: number;
}

/** Headers of the next answer that carry the settings to the client. */
export const LINES_HEADER = 'x-sandbox-lines';
export const LINE_BYTES_HEADER = 'x-sandbox-line-bytes';

/**
 * Checks the settings; `lines` needs the built-in runtime client (a
 * bootstrap logs what it wants).
 */
export function checkLineSettings(
  s: LineSettings,
  runtime: 'node' | 'bootstrap'
): LineSettings {
  if (!Number.isInteger(s.lines) || s.lines < 0) {
    throw new Error(`lines must be a whole number >= 0, got ${s.lines}`);
  }
  if (!Number.isInteger(s.lineBytes) || s.lineBytes < 1) {
    throw new Error(
      `lineBytes must be a whole number >= 1, got ${s.lineBytes}`
    );
  }
  if (s.lines > 0 && runtime !== 'node') {
    throw new Error(
      `lines is ${s.lines}, but only the built-in Node.js runtime generates lines and the handler runs as a bootstrap; use 0 and let the bootstrap log`
    );
  }
  return s;
}

/**
 * Line `index` (0-based) of `count`: "sandbox line <n>/<count> " padded
 * with dots (or cut) to exactly `bytes` bytes.
 */
export function makeLine(index: number, count: number, bytes: number): string {
  const head = `sandbox line ${index + 1}/${count} `;
  return head.length >= bytes
    ? head.slice(0, bytes)
    : head + '.'.repeat(bytes - head.length);
}
