/**
 * Parses the OpenTelemetry `key1=value1,key2=value2` list format used by
 * OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES: entries separated
 * by commas, keys and values trimmed, values percent-decoded (W3C Baggage
 * style). Returns undefined when any entry is malformed: the specification
 * asks for the whole value to be discarded then.
 *
 * @example
 * parseKeyValueList('api-key=abc%20def,team=payments');
 * // → [['api-key', 'abc def'], ['team', 'payments']]
 */
export function parseKeyValueList(
  text: string | undefined
): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  for (const item of (text ?? '').split(',')) {
    if (item.trim() === '') continue;
    const at = item.indexOf('=');
    if (at <= 0) return undefined;
    const key = item.slice(0, at).trim();
    let value: string;
    try {
      value = decodeURIComponent(item.slice(at + 1).trim());
    } catch {
      return undefined;
    }
    if (key === '') return undefined;
    pairs.push([key, value]);
  }
  return pairs;
}
