import { Annotations } from 'aws-cdk-lib';
import {
  type ILayerVersion,
  type Function as LambdaFunction,
  LayerVersion,
  RuntimeFamily,
} from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { type LogDrainSettings, settingsVariables } from './common-settings.js';
import type { DestinationSetup } from './destination-setup.js';
import {
  type CloudwatchDestination,
  setupCloudwatch,
} from './destinations/cloudwatch.js';
import {
  type ElasticsearchDestination,
  setupElasticsearch,
} from './destinations/elasticsearch.js';
import { type OtlpDestination, setupOtlp } from './destinations/otlp.js';
import { type S3Destination, setupS3 } from './destinations/s3.js';
import {
  setupWebhook,
  type WebhookDestination,
} from './destinations/webhook.js';
import type { LayerArchitecture } from './layer-records.js';
import { type LayerSource, resolveLayerArn } from './layer-source.js';

/** One destination's options; `kind` names the layer. */
export type LogDrainDestination =
  | WebhookDestination
  | S3Destination
  | CloudwatchDestination
  | OtlpDestination
  | ElasticsearchDestination;

export interface LogDrainProps {
  readonly destination: LogDrainDestination;
  readonly layer: LayerSource;
  /** Functions to attach to now; more with `addFunction`. */
  readonly functions?: readonly LambdaFunction[];
  /** Common settings (LOGDRAIN_TYPES, LOGDRAIN_MIN_LEVEL, …). */
  readonly settings?: LogDrainSettings;
  /** Extra variables, set last (they win). */
  readonly environment?: Readonly<Record<string, string>>;
}

function setupFor(scope: Construct, d: LogDrainDestination): DestinationSetup {
  switch (d.kind) {
    case 'webhook':
      return setupWebhook(scope, d);
    case 's3':
      return setupS3(d);
    case 'cloudwatch':
      return setupCloudwatch(scope, d);
    case 'otlp':
      return setupOtlp(d);
    case 'elasticsearch':
      return setupElasticsearch(d);
  }
}

/**
 * Attaches a logdrain layer to Lambda functions: the layer version for each
 * function's region and architecture, the destination's variables and
 * exactly the IAM permissions that destination needs.
 *
 * @example
 * new LogDrain(this, 'Logs', {
 *   functions: [orders],
 *   layer: { published: parseLayerRecords(JSON.parse(readFileSync('layers.json', 'utf8'))) },
 *   destination: { kind: 's3', bucket },
 * });
 */
export class LogDrain extends Construct {
  /** The variables every attached function gets. */
  readonly environment: Readonly<Record<string, string>>;
  /** The layer's name, e.g. `logdrain-s3`. */
  readonly layerName: string;
  readonly #props: LogDrainProps;
  readonly #setup: DestinationSetup;
  readonly #layers = new Map<string, ILayerVersion>();

  constructor(scope: Construct, id: string, props: LogDrainProps) {
    super(scope, id);
    this.#props = props;
    this.#setup = setupFor(this, props.destination);
    this.layerName = this.#setup.layerName;
    this.environment = Object.freeze({
      ...settingsVariables(props.settings ?? {}),
      ...this.#setup.environment,
      ...props.environment,
    });
    for (const fn of props.functions ?? []) this.addFunction(fn);
  }

  /** Adds the layer, the variables and the permissions to one more function. */
  addFunction(fn: LambdaFunction): void {
    const architecture = fn.architecture.name as LayerArchitecture;
    const { arn, layer } = resolveLayerArn({
      scope: fn,
      source: this.#props.layer,
      layerName: this.layerName,
      architecture,
    });
    fn.addLayers(this.#importLayer(arn, architecture));
    for (const [name, value] of Object.entries(this.environment)) {
      fn.addEnvironment(name, value);
    }
    for (const statement of this.#setup.statements) {
      fn.addToRolePolicy(statement);
    }
    const standalone = layer.includes('standalone');
    if (fn.runtime.family !== RuntimeFamily.NODEJS && !standalone) {
      Annotations.of(fn).addWarningV2(
        '@logdrain/cdk:runtime',
        `${layer} runs on the function's Node.js, and ${fn.runtime.name} has none: attach the standalone flavour of the layer (it carries Node.js)`
      );
    }
  }

  /** One imported layer version per architecture (the ARN may differ). */
  #importLayer(arn: string, architecture: LayerArchitecture): ILayerVersion {
    const known = this.#layers.get(architecture);
    if (known !== undefined) return known;
    const layer = LayerVersion.fromLayerVersionArn(
      this,
      `Layer-${architecture}`,
      arn
    );
    this.#layers.set(architecture, layer);
    return layer;
  }
}
