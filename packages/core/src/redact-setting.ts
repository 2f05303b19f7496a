import type { EnvReader } from './env-reader.js';
import { parseRegex } from './env-values.js';
import { REDACTION_NAMES } from './redact.js';

/**
 * The parsed LOGDRAIN_REDACT: named patterns and user expressions.
 *
 * @example
 * const setting: RedactSetting = { names: ['email'], patterns: [/order-\d+/g] };
 */
export interface RedactSetting {
  readonly names: readonly string[];
  readonly patterns: readonly RegExp[];
}

const VARIABLE = 'LOGDRAIN_REDACT';

/**
 * Parses LOGDRAIN_REDACT: a comma-separated list of names from
 * REDACTION_NAMES and `/regex/flags` entries (a regex may itself contain
 * commas), or a JSON array of such strings. User expressions get the `g`
 * flag so every match is masked. Every bad entry is a problem on `read`:
 * a redaction that silently stopped would leak what it should mask.
 *
 * @example
 * const read = createEnvReader(process.env);
 * const redact = parseRedactSetting(read, 'email, /order-\\d+/i');
 * // → { names: ['email'], patterns: [/order-\d+/gi] }
 */
export function parseRedactSetting(
  read: EnvReader,
  text: string | undefined
): RedactSetting {
  const value = text?.trim();
  if (value === undefined || value === '') return { names: [], patterns: [] };
  const entries = value.startsWith('[')
    ? parseJsonEntries(read, value)
    : splitEntries(value);
  const names: string[] = [];
  const patterns: RegExp[] = [];
  const allowed = `a comma-separated list (or JSON array) of ${REDACTION_NAMES.join(', ')} and /regex/flags entries`;
  for (const entry of entries) {
    if (entry.startsWith('/')) {
      const regex = parseRegex(entry);
      if (regex === undefined || !entry.slice(1).includes('/')) {
        read.problem({
          variable: VARIABLE,
          value: entry,
          allowed: `a valid regular expression in ${allowed}`,
        });
      } else {
        const flags = regex.flags.includes('g')
          ? regex.flags
          : `${regex.flags}g`;
        patterns.push(new RegExp(regex.source, flags));
      }
      continue;
    }
    const name = REDACTION_NAMES.find(
      (known) => known.toLowerCase() === entry.toLowerCase()
    );
    if (name === undefined) {
      read.problem({ variable: VARIABLE, value: entry, allowed });
    } else if (!names.includes(name)) {
      names.push(name);
    }
  }
  return { names, patterns };
}

function parseJsonEntries(read: EnvReader, value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    if (
      Array.isArray(parsed) &&
      parsed.every((item) => typeof item === 'string')
    ) {
      return parsed.map((item) => item.trim()).filter((item) => item !== '');
    }
  } catch {
    // Reported below.
  }
  read.problem({
    variable: VARIABLE,
    value,
    allowed: 'a JSON array of strings (names or /regex/flags)',
  });
  return [];
}

/** Splits on commas, except inside a `/regex/flags` entry. */
function splitEntries(value: string): string[] {
  const entries: string[] = [];
  let index = 0;
  while (index < value.length) {
    while (value[index] === ' ' || value[index] === ',') index += 1;
    if (index >= value.length) break;
    let end = value.indexOf(',', index);
    if (value[index] === '/') end = regexEnd(value, index);
    if (end === -1) end = value.length;
    entries.push(value.slice(index, end).trim());
    index = end + 1;
  }
  return entries.filter((entry) => entry !== '');
}

/** Index of the comma (or end) after a regex entry starting at `start`. */
function regexEnd(value: string, start: number): number {
  for (let i = start + 1; i < value.length; i += 1) {
    if (value[i] === '\\') {
      i += 1;
      continue;
    }
    if (value[i] !== '/') continue;
    const rest = /^[a-z]*\s*(,|$)/.exec(value.slice(i + 1));
    if (rest) return i + 1 + rest[0].length - (rest[1] === ',' ? 1 : 0);
  }
  return value.indexOf(',', start);
}
