import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import type { LayerRecord } from '../src/index.js';

export const ACCOUNT = '123456789012';
const REGIONS = ['eu-west-1', 'us-east-1'];
const NODE_LAYERS = [
  'logdrain-webhook',
  'logdrain-s3',
  'logdrain-cloudwatch',
  'logdrain-otlp',
  'logdrain-elasticsearch',
];

export function layerArn(layer: string, region: string, version: number) {
  return `arn:aws:lambda:${region}:${ACCOUNT}:layer:${layer}:${version}`;
}

function row(
  layer: string,
  region: string,
  version: number,
  architecture: 'x86_64' | 'arm64'
): LayerRecord {
  const arn = layerArn(layer, region, version);
  return { layer, version, region, architecture, arn, sha256: 'ab'.repeat(32) };
}

/**
 * Rows shaped like infra/publish's layers.json: versions 3 and 4 of every
 * Node layer in two regions (one ARN for both architectures), and the
 * webhook's standalone flavour published per architecture.
 */
export const PUBLISHED: readonly LayerRecord[] = [3, 4].flatMap((version) =>
  REGIONS.flatMap((region) => [
    ...NODE_LAYERS.flatMap((layer) => [
      row(layer, region, version, 'x86_64'),
      row(layer, region, version, 'arm64'),
    ]),
    row('logdrain-webhook-standalone-x86_64', region, version, 'x86_64'),
    row('logdrain-webhook-standalone-arm64', region, version, 'arm64'),
  ])
);

/** A stack in eu-west-1, or an environment-agnostic one. */
export function createStack(
  opts: { agnostic?: boolean; region?: string } = {}
): Stack {
  const region = opts.region ?? 'eu-west-1';
  return new Stack(new App(), 'Test', {
    env: opts.agnostic ? undefined : { account: ACCOUNT, region },
  });
}

export function createFunction(
  stack: Stack,
  id: string,
  opts: { architecture?: Architecture; runtime?: Runtime } = {}
): LambdaFunction {
  return new LambdaFunction(stack, id, {
    runtime: opts.runtime ?? Runtime.NODEJS_22_X,
    architecture: opts.architecture ?? Architecture.X86_64,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => {};'),
  });
}

interface Resource {
  Properties: {
    Role: { 'Fn::GetAtt': [string, string] };
    Roles: Array<{ Ref: string }>;
    Layers?: unknown[];
    Environment?: { Variables: Record<string, unknown> };
    PolicyDocument: { Statement: unknown[] };
  };
}

/** The function's Layers, Environment and its role's inline statements. */
export function attachedTo(template: Template, functionId: string) {
  const functions = template.findResources('AWS::Lambda::Function');
  const [, fn] = Object.entries(functions).find(([id]) =>
    id.startsWith(functionId)
  ) as [string, Resource];
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy') as Record<string, Resource>
  ).filter((p) => p.Properties.Roles.some((r) => r.Ref === roleId));
  return {
    layers: fn.Properties.Layers,
    environment: fn.Properties.Environment?.Variables,
    statements: policies.flatMap((p) => p.Properties.PolicyDocument.Statement),
  };
}
