import { describeAction, type LayerTarget } from './plan.js';
import type { PublishLayersResult } from './publish-layers.js';

/** The plan's lines: each layer's target, then each region's action. */
export function formatPlan(result: PublishLayersResult): string[] {
  const lines = result.targets.map(
    (t) => `target ${t.layer}: version ${t.version} (sha256 ${t.sha256})`
  );
  for (const region of result.regions) {
    for (const layer of region.layers) {
      const what = layer.action
        ? describeAction(layer.action)
        : `failed: ${layer.error}`;
      lines.push(`${region.region} ${layer.layer}: ${what}`);
    }
  }
  return lines;
}

/** The closing summary: counts per status, then every failure with its reason. */
export function formatSummary(
  result: PublishLayersResult,
  opts: { dryRun: boolean }
): string[] {
  const layers = result.regions.flatMap((r) =>
    r.layers.map((l) => ({ ...l, region: r.region }))
  );
  const count = (status: string) =>
    layers.filter((l) => l.status === status).length;
  const fillers = layers.reduce((n, l) => n + l.fillers.length, 0);
  const ok = result.regions.length - result.failedRegions.length;
  const lines = [
    `summary: ${result.regions.length} region(s), ${ok} ok, ${result.failedRegions.length} failed`,
    opts.dryRun
      ? `  planned: ${layers.filter((l) => l.action?.kind === 'publish').length} publish(es) with ${fillers} filler version(s), ${layers.filter((l) => l.action?.kind === 'unchanged').length} unchanged (dry run: nothing changed)`
      : `  published: ${count('published')} (plus ${fillers} filler version(s)), unchanged: ${count('unchanged')}, sharing repaired: ${layers.filter((l) => l.status === 'unchanged' && l.sharesAdded > 0).length}`,
  ];
  const failed = layers.filter((l) => l.status === 'failed');
  if (failed.length > 0) {
    lines.push(`  failed in ${result.failedRegions.join(', ')}:`);
    for (const l of failed)
      lines.push(`    ${l.region} ${l.layer}: ${l.error}`);
  }
  return lines;
}

/** The plan file written by --plan-out and read by --plan. */
export interface PlanFile {
  readonly targets: readonly LayerTarget[];
}
