import type { LambdaClient } from '@aws-sdk/client-lambda';
import { mapWithConcurrency } from './concurrency.js';
import type { LayerArtifact } from './layer-list.js';
import { type LayerState, readLayerState } from './layer-state.js';
import {
  computeTargetVersion,
  type LayerTarget,
  planRegion,
  type RegionAction,
} from './plan.js';
import { type RegionOutcome, runRegion } from './region-run.js';
import type { Region } from './regions.js';
import type { RetryPolicy } from './retry.js';
import type { ShareStatement } from './sharing.js';
import { UsageError } from './usage-error.js';

export interface PublishLayersOptions {
  readonly artifacts: readonly LayerArtifact[];
  readonly regions: readonly Region[];
  /** One client per region (tests inject faults per region here). */
  readonly clientFor: (region: string) => LambdaClient;
  readonly statements: readonly ShareStatement[];
  /** Publish filler versions to level a lagging region (default true). */
  readonly fill?: boolean;
  /** Read and plan only. */
  readonly dryRun?: boolean;
  /** Regions worked on at once (default 8). */
  readonly concurrency?: number;
  /** Use these target versions instead of computing them (a matrix job's share of a plan). */
  readonly targets?: readonly LayerTarget[];
  readonly retry?: RetryPolicy;
  readonly log?: (line: string) => void;
}

export interface PublishLayersResult {
  readonly targets: readonly LayerTarget[];
  readonly regions: readonly RegionOutcome[];
  /** Regions where anything failed, in region order. */
  readonly failedRegions: readonly string[];
}

type ReadResult =
  | { region: string; states: Map<string, LayerState> }
  | { region: string; error: string };

/**
 * Publishes every artifact to every region with equal version numbers:
 * reads all regions, computes each layer's target version (or takes the
 * given targets), then brings each region to it, regions in parallel.
 * A failure in one region never stops the others.
 */
export async function publishLayers(
  opts: PublishLayersOptions
): Promise<PublishLayersResult> {
  const log = opts.log ?? (() => {});
  const concurrency = opts.concurrency ?? 8;
  const reads: ReadResult[] = await mapWithConcurrency(
    opts.regions,
    concurrency,
    async (region): Promise<ReadResult> => {
      try {
        const client = opts.clientFor(region.code);
        const states = new Map<string, LayerState>();
        for (const artifact of opts.artifacts) {
          states.set(
            artifact.name,
            await readLayerState({
              client,
              layerName: artifact.name,
              retry: opts.retry,
            })
          );
        }
        return { region: region.code, states };
      } catch (error) {
        const message = (error as Error).message || String(error);
        log(`${region.code}: FAILED to read the layers: ${message}`);
        return { region: region.code, error: message };
      }
    }
  );
  const readable = reads.filter((r) => 'states' in r);
  // With no region read there is nothing to reckon a target from.
  const targets =
    opts.targets ??
    (readable.length === 0 ? [] : opts.artifacts).map((artifact) => ({
      layer: artifact.name,
      sha256: artifact.sha256,
      version: computeTargetVersion(
        readable.map((r) => r.states.get(artifact.name) as LayerState),
        artifact.sha256
      ),
    }));
  for (const target of targets) {
    const artifact = opts.artifacts.find((a) => a.name === target.layer);
    if (artifact && artifact.sha256 !== target.sha256) {
      throw new UsageError(
        `${target.layer}: the zip's sha256 ${artifact.sha256} is not the plan's ${target.sha256} (publish the zips the plan was made from)`
      );
    }
  }
  const outcomes = await mapWithConcurrency(
    reads,
    concurrency,
    async (read) => {
      if ('error' in read) {
        return {
          region: read.region,
          ok: false,
          layers: opts.artifacts.map((a) => ({
            layer: a.name,
            status: 'failed' as const,
            version: undefined,
            fillers: [],
            sharesAdded: 0,
            action: undefined,
            error: read.error,
          })),
        };
      }
      const work = opts.artifacts.map((artifact) => {
        const target = targets.find((t) => t.layer === artifact.name);
        const state = read.states.get(artifact.name) as LayerState;
        const action: RegionAction = target
          ? planRegion({ state, target, fill: opts.fill ?? true })
          : { kind: 'refuse', reason: 'the plan has no target version for it' };
        return { artifact, action };
      });
      if (opts.dryRun) {
        return {
          region: read.region,
          ok: work.every((w) => w.action.kind !== 'refuse'),
          layers: work.map(({ artifact, action }) => ({
            layer: artifact.name,
            status:
              action.kind === 'refuse'
                ? ('failed' as const)
                : ('planned' as const),
            version: action.kind === 'refuse' ? undefined : action.version,
            fillers: action.kind === 'publish' ? action.fillers : [],
            sharesAdded: 0,
            action,
            error: action.kind === 'refuse' ? action.reason : undefined,
          })),
        };
      }
      return runRegion({
        region: read.region,
        client: opts.clientFor(read.region),
        work,
        statements: opts.statements,
        retry: opts.retry,
        log,
      });
    }
  );
  return {
    targets,
    regions: outcomes,
    failedRegions: outcomes.filter((o) => !o.ok).map((o) => o.region),
  };
}
