import { Aws, CfnMapping, Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  type LayerArchitecture,
  type LayerRecord,
  layerArnsByRegion,
} from './layer-records.js';

/**
 * Where the layer comes from: one ARN (your own copy, or one region's
 * published ARN), or the rows of `layers.json` from which the construct
 * picks the function's region and architecture.
 */
export type LayerSource =
  | { readonly arn: string }
  | {
      readonly published: readonly LayerRecord[];
      /** A version number; the highest published in the region when unset. */
      readonly version?: number;
      /**
       * Another layer name, e.g. a standalone flavour published per
       * architecture; default: the destination's (`logdrain-s3`).
       */
      readonly layerName?:
        | string
        | ((architecture: LayerArchitecture) => string);
    };

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The layer version ARN (and layer name) for a function in `scope`'s stack: picked at synth
 * time when the stack has a concrete region, else an `Fn::FindInMap` over a
 * region mapping so an environment-agnostic stack deploys anywhere.
 *
 * @example
 * resolveLayerArn({ scope: fn, source: { published }, layerName: 'logdrain-s3', architecture: 'arm64' });
 */
export function resolveLayerArn(opts: {
  readonly scope: Construct;
  readonly source: LayerSource;
  readonly layerName: string;
  readonly architecture: LayerArchitecture;
}): { readonly arn: string; readonly layer: string } {
  const { source } = opts;
  if ('arn' in source) {
    const named = /:layer:([^:]+)/.exec(source.arn)?.[1];
    return { arn: source.arn, layer: named ?? opts.layerName };
  }
  const layer =
    typeof source.layerName === 'function'
      ? source.layerName(opts.architecture)
      : (source.layerName ?? opts.layerName);
  const byRegion = layerArnsByRegion({
    records: source.published,
    layer,
    architecture: opts.architecture,
    version: source.version,
  });
  const regions = Object.keys(byRegion);
  const wanted = `${layer}${source.version === undefined ? '' : ` version ${source.version}`} for ${opts.architecture}`;
  if (regions.length === 0) {
    throw new Error(`LogDrain: layers.json holds no ${wanted}`);
  }
  const stack = Stack.of(opts.scope);
  if (!Token.isUnresolved(stack.region)) {
    const arn = byRegion[stack.region];
    if (arn === undefined) {
      throw new Error(
        `LogDrain: layers.json holds no ${wanted} in ${stack.region} (it has ${regions.join(', ')})`
      );
    }
    return { arn, layer };
  }
  const id = `LogdrainLayers${pascal(layer)}${source.version ?? ''}`;
  const mapping =
    (stack.node.tryFindChild(id) as CfnMapping | undefined) ??
    new CfnMapping(stack, id);
  // Mapping attribute names are alphanumeric: x86_64 becomes x8664.
  const key = opts.architecture.replace(/[^A-Za-z0-9]/g, '');
  for (const [region, arn] of Object.entries(byRegion)) {
    mapping.setValue(region, key, arn);
  }
  return { arn: mapping.findInMap(Aws.REGION, key), layer };
}
