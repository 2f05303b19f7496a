export type { CliIo } from './cli.js';
export { runCli } from './cli.js';
export type { CliArgs } from './cli-args.js';
export { HELP, parseCliArgs } from './cli-args.js';
export { mapWithConcurrency } from './concurrency.js';
export {
  describeLayer,
  FILLER_DESCRIPTION,
  isFiller,
  sha256FromDescription,
} from './description.js';
export { createFillerZip } from './filler-zip.js';
export { collectInventory } from './inventory.js';
export type { PublishRequest } from './layer-calls.js';
export { ensureShared, publishVersion } from './layer-calls.js';
export type {
  Architecture,
  LayerArtifact,
  LayerEntry,
} from './layer-list.js';
export {
  ARCHITECTURES,
  loadLayerList,
  readArtifacts,
  selectLayers,
} from './layer-list.js';
export type { LayerState, LayerVersionInfo } from './layer-state.js';
export { readLayerState } from './layer-state.js';
export type { LayersFile, PublishedLayer } from './layers-file.js';
export {
  mergeRows,
  readLayersFile,
  sortRows,
  writeLayersFile,
} from './layers-file.js';
export { renderLayersTable } from './layers-table.js';
export type { LayerTarget, RegionAction } from './plan.js';
export { computeTargetVersion, describeAction, planRegion } from './plan.js';
export type {
  PublishLayersOptions,
  PublishLayersResult,
} from './publish-layers.js';
export { publishLayers } from './publish-layers.js';
export type { LayerOutcome, RegionOutcome } from './region-run.js';
export { runRegion } from './region-run.js';
export type { Region } from './regions.js';
export { loadRegions, selectRegions } from './regions.js';
export type { RetryPolicy } from './retry.js';
export { isThrottling, isTransient, withRetry } from './retry.js';
export type { ShareStatement } from './sharing.js';
export { shareStatements } from './sharing.js';
export type { PlanFile } from './summary.js';
export { formatPlan, formatSummary } from './summary.js';
export { UsageError } from './usage-error.js';
