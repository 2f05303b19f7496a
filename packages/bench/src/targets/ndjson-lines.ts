/** The records of an NDJSON text whose line mentions `tag` at all. */
export function ndjsonRecords(
  text: string,
  tag: string
): Array<Record<string, unknown>> {
  const records: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    if (line === '' || !line.includes(tag)) continue;
    records.push(JSON.parse(line) as Record<string, unknown>);
  }
  return records;
}
