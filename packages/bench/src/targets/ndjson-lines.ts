import { isTaggedLine } from './target.js';

/** Tagged function lines in an NDJSON text (records with type and message). */
export function countTaggedNdjson(text: string, tag: string): number {
  let count = 0;
  for (const line of text.split('\n')) {
    if (line === '' || !line.includes(tag)) continue;
    if (isTaggedLine(JSON.parse(line) as Record<string, unknown>, tag)) {
      count += 1;
    }
  }
  return count;
}
