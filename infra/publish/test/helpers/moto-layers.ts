import {
  GetLayerVersionPolicyCommand,
  ListLayerVersionsCommand,
} from '@aws-sdk/client-lambda';
import { motoClient } from './publish-workspace.js';

/** What moto holds of a layer in a region: versions (oldest first) with their policy statements. */
export async function motoLayerVersions(opts: {
  motoUrl: string;
  region: string;
  layer: string;
}): Promise<
  Array<{
    version: number;
    arn: string;
    description: string;
    architectures: string[];
    runtimes: string[];
    statements: Array<{ Sid?: string; Principal?: unknown }>;
  }>
> {
  const client = motoClient(opts.motoUrl, opts.region);
  try {
    const out = await client.send(
      new ListLayerVersionsCommand({ LayerName: opts.layer })
    );
    const versions = [];
    for (const v of out.LayerVersions ?? []) {
      let statements: Array<{ Sid?: string; Principal?: unknown }> = [];
      try {
        const policy = await client.send(
          new GetLayerVersionPolicyCommand({
            LayerName: opts.layer,
            VersionNumber: v.Version,
          })
        );
        statements = JSON.parse(policy.Policy ?? '{}').Statement ?? [];
      } catch (error) {
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      }
      versions.push({
        version: v.Version ?? 0,
        arn: v.LayerVersionArn ?? '',
        description: v.Description ?? '',
        architectures: v.CompatibleArchitectures ?? [],
        runtimes: v.CompatibleRuntimes ?? [],
        statements,
      });
    }
    return versions.sort((a, b) => a.version - b.version);
  } finally {
    client.destroy();
  }
}
