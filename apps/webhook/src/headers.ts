import type { ConfigProblem } from '@logdrain/core';

const VARIABLE = 'LOGDRAIN_WEBHOOK_HEADERS';
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by the layer itself; a user value would break the request. */
const RESERVED = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'host',
]);

type HeadersResult =
  | { readonly ok: true; readonly value: Record<string, string> }
  | { readonly ok: false; readonly problem: ConfigProblem };

/**
 * Parses LOGDRAIN_WEBHOOK_HEADERS: a JSON object of names to strings, or
 * `name=value,name2=value2`. Names are lower-cased. The value seen is never
 * echoed in a problem, since headers usually carry credentials.
 *
 * @example
 * parseHeaders('authorization=Bearer abc,x-team=payments');
 */
export function parseHeaders(text: string | undefined): HeadersResult {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return { ok: true, value: {} };
  const fail = (allowed: string): HeadersResult => ({
    ok: false,
    problem: {
      variable: VARIABLE,
      value: `(${trimmed.length} characters, not shown)`,
      allowed,
    },
  });
  const pairs = trimmed.startsWith('{')
    ? parseJsonPairs(trimmed)
    : parseListPairs(trimmed);
  if (pairs === undefined) {
    return fail(
      'a JSON object of header names to strings, or name=value pairs separated by commas'
    );
  }
  const value: Record<string, string> = {};
  for (const [rawName, headerValue] of pairs) {
    const name = rawName.toLowerCase();
    if (!TOKEN.test(name) || /[\r\n\0]/.test(headerValue)) {
      return fail(
        'valid header names and values (no line breaks) in a JSON object or name=value pairs'
      );
    }
    if (RESERVED.has(name) || name.startsWith('x-logdrain-')) {
      return fail(
        `headers other than ${[...RESERVED].join(', ')} and x-logdrain-* (the layer sets those)`
      );
    }
    value[name] = headerValue;
  }
  return { ok: true, value };
}

function parseJsonPairs(text: string): Array<[string, string]> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return undefined;
  }
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      return undefined;
    }
    pairs.push([name, String(value)]);
  }
  return pairs;
}

function parseListPairs(text: string): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  for (const item of text.split(',')) {
    if (item.trim() === '') continue;
    const at = item.indexOf('=');
    if (at <= 0) return undefined;
    pairs.push([item.slice(0, at).trim(), item.slice(at + 1).trim()]);
  }
  return pairs;
}
