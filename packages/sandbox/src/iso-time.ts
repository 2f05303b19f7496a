// Imported by the runtime client too: no imports.

let lastMs = Number.NaN;
let lastIso = '';

/**
 * `new Date(ms).toISOString()`, computed once per millisecond: log lines
 * written in the same millisecond share it.
 */
export function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
