import type { AnyValue } from '@opentelemetry/api-logs';

const INT64_LIMIT = 2 ** 63;

/**
 * A JSON value as an OTLP AnyValue: objects become key-value lists, arrays
 * arrays, null an empty value; the structure is kept, nothing flattened.
 * The one change: an integer beyond the int64 range becomes its decimal
 * string (OTLP has no wider integer, and JSON.parse had already rounded
 * it). Returns the input itself when nothing needs changing, so the
 * common case allocates nothing.
 *
 * @example
 * toAnyValue({ user: { id: 42, roles: ['admin'] } }); // the same object
 * toAnyValue(1e21); // → '1e+21'
 */
export function toAnyValue(value: unknown): AnyValue {
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) >= INT64_LIMIT
      ? String(value)
      : value;
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object' || value === null) {
    return value as AnyValue;
  }
  if (Array.isArray(value)) {
    let copy: AnyValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = toAnyValue(value[i]);
      if (item !== value[i] && copy === undefined) copy = value.slice(0, i);
      copy?.push(item);
    }
    return copy ?? (value as AnyValue[]);
  }
  let copy: Record<string, AnyValue> | undefined;
  const entries = Object.entries(value);
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i] as [string, unknown];
    const mapped = toAnyValue(item);
    if (mapped !== item && copy === undefined) {
      copy = Object.fromEntries(entries.slice(0, i)) as Record<
        string,
        AnyValue
      >;
    }
    if (copy !== undefined) copy[key] = mapped;
  }
  return copy ?? (value as Record<string, AnyValue>);
}
