/**
 * The records a layer said it lost: the sum of the counts in core's
 * shutdown line `{"level":"error","msg":"lost N records: …", …}` among the
 * extension's output lines (0 when it wrote none). It counts every record
 * the layer lost, platform events too, so beside the bench's `lost` (function
 * lines only) it tells an outage the layer reported from a silent loss.
 */
export function reportedLosses(output: readonly string[]): number {
  let total = 0;
  for (const line of output) {
    if (!line.includes('"msg":"lost ')) continue;
    const count = /"msg":"lost (\d+) record/.exec(line)?.[1];
    if (count !== undefined) total += Number(count);
  }
  return total;
}
