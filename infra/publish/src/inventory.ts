import type { LambdaClient } from '@aws-sdk/client-lambda';
import { mapWithConcurrency } from './concurrency.js';
import { readLayerState } from './layer-state.js';
import type { PublishedLayer } from './layers-file.js';
import type { RetryPolicy } from './retry.js';

/**
 * Reads what the regions hold: for each layer, its newest version that is
 * not a filler, one row per compatible architecture. A region that cannot
 * be read is listed in `failedRegions` and contributes no rows.
 */
export async function collectInventory(opts: {
  regions: readonly string[];
  layers: readonly string[];
  clientFor: (region: string) => LambdaClient;
  concurrency?: number;
  retry?: RetryPolicy;
}): Promise<{
  rows: PublishedLayer[];
  covered: Array<{ layer: string; region: string }>;
  failedRegions: string[];
}> {
  const perRegion = await mapWithConcurrency(
    opts.regions,
    opts.concurrency ?? 8,
    async (region) => {
      try {
        const client = opts.clientFor(region);
        const rows: PublishedLayer[] = [];
        for (const layer of opts.layers) {
          const { latestReal } = await readLayerState({
            client,
            layerName: layer,
            retry: opts.retry,
          });
          if (!latestReal?.sha256) continue;
          for (const architecture of latestReal.architectures) {
            rows.push({
              layer,
              version: latestReal.version,
              region,
              architecture,
              arn: latestReal.arn,
              sha256: latestReal.sha256,
            });
          }
        }
        return { region, rows, ok: true };
      } catch {
        return { region, rows: [], ok: false };
      }
    }
  );
  const okRegions = perRegion.filter((r) => r.ok).map((r) => r.region);
  return {
    rows: perRegion.flatMap((r) => r.rows),
    covered: okRegions.flatMap((region) =>
      opts.layers.map((layer) => ({ layer, region }))
    ),
    failedRegions: perRegion.filter((r) => !r.ok).map((r) => r.region),
  };
}
