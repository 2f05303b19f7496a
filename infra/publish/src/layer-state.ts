import {
  type LambdaClient,
  ListLayerVersionsCommand,
  type ListLayerVersionsCommandOutput,
} from '@aws-sdk/client-lambda';
import { isFiller, sha256FromDescription } from './description.js';
import type { Architecture } from './layer-list.js';
import {
  isThrottling,
  isTransient,
  type RetryPolicy,
  withRetry,
} from './retry.js';

/** One published version as ListLayerVersions shows it. */
export interface LayerVersionInfo {
  readonly version: number;
  readonly arn: string;
  readonly description: string | undefined;
  /** From the description; undefined for fillers and versions not ours. */
  readonly sha256: string | undefined;
  readonly filler: boolean;
  readonly architectures: readonly Architecture[];
}

/** What a region holds of one layer. */
export interface LayerState {
  /** The newest version, filler or not; undefined when none exists. */
  readonly latest: LayerVersionInfo | undefined;
  /** The newest version that is not a filler. */
  readonly latestReal: LayerVersionInfo | undefined;
}

const readRetry = (error: unknown) => isThrottling(error) || isTransient(error);

/** Lists every version of `layerName` in the client's region (all pages). */
export async function readLayerState(opts: {
  client: LambdaClient;
  layerName: string;
  retry?: RetryPolicy;
}): Promise<LayerState> {
  const versions: LayerVersionInfo[] = [];
  let marker: string | undefined;
  do {
    const page: ListLayerVersionsCommandOutput = await withRetry(
      () =>
        opts.client.send(
          new ListLayerVersionsCommand({
            LayerName: opts.layerName,
            Marker: marker,
            MaxItems: 50,
          })
        ),
      { ...opts.retry, shouldRetry: readRetry }
    );
    for (const item of page.LayerVersions ?? []) {
      if (item.Version === undefined || item.LayerVersionArn === undefined)
        continue;
      versions.push({
        version: item.Version,
        arn: item.LayerVersionArn,
        description: item.Description,
        sha256: sha256FromDescription(item.Description),
        filler: isFiller(item.Description),
        architectures: (item.CompatibleArchitectures ?? []) as Architecture[],
      });
    }
    marker = page.NextMarker;
  } while (marker);
  versions.sort((a, b) => a.version - b.version);
  return {
    latest: versions.at(-1),
    latestReal: versions.filter((v) => !v.filler).at(-1),
  };
}
