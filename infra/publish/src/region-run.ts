import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describeLayer, FILLER_DESCRIPTION } from './description.js';
import { createFillerZip } from './filler-zip.js';
import { ensureShared, publishVersion } from './layer-calls.js';
import type { LayerArtifact } from './layer-list.js';
import type { RegionAction } from './plan.js';
import type { RetryPolicy } from './retry.js';
import type { ShareStatement } from './sharing.js';

/** The outcome of one layer in one region. */
export interface LayerOutcome {
  readonly layer: string;
  readonly status: 'published' | 'unchanged' | 'planned' | 'failed';
  /** The version the region ends at (the target when planned). */
  readonly version: number | undefined;
  readonly fillers: readonly number[];
  /** Statements added (unchanged versions missing their sharing get it back). */
  readonly sharesAdded: number;
  readonly action: RegionAction | undefined;
  readonly error: string | undefined;
}

/** What a run did in one region. */
export interface RegionOutcome {
  readonly region: string;
  readonly ok: boolean;
  readonly layers: readonly LayerOutcome[];
}

/**
 * Carries out one region's actions, layer after layer. A failed layer is
 * recorded and the region's other layers still run.
 */
export async function runRegion(opts: {
  region: string;
  client: LambdaClient;
  work: ReadonlyArray<{ artifact: LayerArtifact; action: RegionAction }>;
  statements: readonly ShareStatement[];
  retry?: RetryPolicy;
  log: (line: string) => void;
}): Promise<RegionOutcome> {
  const layers: LayerOutcome[] = [];
  for (const { artifact, action } of opts.work) {
    const base = {
      layer: artifact.name,
      fillers: [] as number[],
      sharesAdded: 0,
      action,
      error: undefined,
    };
    try {
      if (action.kind === 'refuse') throw new Error(action.reason);
      let version = action.version;
      const fillers: number[] = [];
      if (action.kind === 'publish') {
        for (const filler of action.fillers) {
          await publishVersion({
            client: opts.client,
            retry: opts.retry,
            request: {
              layerName: artifact.name,
              zipBytes: createFillerZip(),
              description: FILLER_DESCRIPTION,
              architectures: artifact.architectures,
              expectedVersion: filler,
            },
          });
          fillers.push(filler);
          opts.log(`${opts.region} ${artifact.name}: filler version ${filler}`);
        }
        const out = await publishVersion({
          client: opts.client,
          retry: opts.retry,
          request: {
            layerName: artifact.name,
            zipBytes: artifact.zipBytes,
            description: describeLayer(artifact),
            architectures: artifact.architectures,
            compatibleRuntimes: artifact.compatibleRuntimes,
            license: artifact.license,
            expectedVersion: action.version,
          },
        });
        version = out.version;
        opts.log(
          `${opts.region} ${artifact.name}: published version ${version}`
        );
      }
      const { added } = await ensureShared({
        client: opts.client,
        layerName: artifact.name,
        version,
        statements: opts.statements,
        retry: opts.retry,
      });
      layers.push({
        ...base,
        status: action.kind === 'publish' ? 'published' : 'unchanged',
        version,
        fillers,
        sharesAdded: added,
      });
    } catch (error) {
      const message = (error as Error).message || String(error);
      opts.log(`${opts.region} ${artifact.name}: FAILED: ${message}`);
      layers.push({
        ...base,
        status: 'failed',
        version: undefined,
        error: message,
      });
    }
  }
  return {
    region: opts.region,
    ok: layers.every((l) => l.status !== 'failed'),
    layers,
  };
}
