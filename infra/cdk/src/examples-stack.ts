import {
  type LayerSource,
  LogDrain,
  type LogDrainDestination,
} from '@logdrain/cdk';
import {
  ArnFormat,
  CfnParameter,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

export const DESTINATION_KINDS = [
  'webhook',
  's3',
  'cloudwatch',
  'otlp',
  'elasticsearch',
] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export interface ExamplesStackProps extends StackProps {
  /**
   * Where each layer comes from; by default a `<Kind>LayerArn` template
   * parameter per destination (your own copy, or a published ARN).
   */
  readonly layer?: (kind: DestinationKind) => LayerSource;
}

/** A handler that logs a few lines per invoke, plain and JSON. */
const HANDLER = `exports.handler = async (event) => {
  console.log('order received', JSON.stringify(event));
  console.warn(JSON.stringify({ level: 'WARN', message: 'stock low', sku: 'A-1' }));
  return { ok: true };
};`;

/**
 * One sample Node.js function per destination, each with its logdrain layer
 * attached by the LogDrain construct.
 *
 * @example
 * new ExamplesStack(app, 'LogdrainExamples');
 */
export class ExamplesStack extends Stack {
  readonly functions: Readonly<Record<DestinationKind, LambdaFunction>>;

  constructor(scope: Construct, id: string, props: ExamplesStackProps = {}) {
    super(scope, id, props);
    const destinations = this.#destinations();
    const functions = {} as Record<DestinationKind, LambdaFunction>;
    for (const kind of DESTINATION_KINDS) {
      const fn = new LambdaFunction(this, `${pascal(kind)}Function`, {
        description: `logdrain example: logs shipped by logdrain-${kind}`,
        runtime: Runtime.NODEJS_22_X,
        architecture: kind === 's3' ? Architecture.X86_64 : Architecture.ARM_64,
        handler: 'index.handler',
        code: Code.fromInline(HANDLER),
        memorySize: 256,
        timeout: Duration.seconds(10),
      });
      new LogDrain(this, `${pascal(kind)}Logs`, {
        functions: [fn],
        layer: props.layer?.(kind) ?? this.#layerParameter(kind),
        destination: destinations[kind],
        settings: { minLevel: 'INFO', redact: ['email', 'credit-card'] },
      });
      functions[kind] = fn;
    }
    this.functions = functions;
  }

  #layerParameter(kind: DestinationKind): LayerSource {
    const parameter = new CfnParameter(this, `${pascal(kind)}LayerArn`, {
      type: 'String',
      description: `The logdrain-${kind} layer version ARN for this region`,
      allowedPattern:
        '^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:layer:[A-Za-z0-9_-]+:\\d+$',
    });
    return { arn: parameter.valueAsString };
  }

  #destinations(): Record<DestinationKind, LogDrainDestination> {
    const text = (id: string, description: string, defaultValue: string) =>
      new CfnParameter(this, id, {
        type: 'String',
        description,
        default: defaultValue,
      }).valueAsString;
    const signing = new Secret(this, 'WebhookSigningSecret', {
      description:
        'HMAC key the webhook receiver verifies X-Logdrain-Signature with',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    const bucket = new Bucket(this, 'LogArchive', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const group = new LogGroup(this, 'CentralLogGroup', {
      logGroupName: '/logdrain/examples',
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const domainName = text(
      'OpenSearchDomainName',
      'An Amazon OpenSearch Service domain in this account and region',
      'logdrain-logs'
    );
    return {
      webhook: {
        kind: 'webhook',
        url: text(
          'WebhookUrl',
          'The https URL batches are POSTed to',
          'https://logs.example.com/logdrain'
        ),
        secret: { secret: signing },
      },
      s3: { kind: 's3', bucket, prefix: 'lambda/' },
      cloudwatch: { kind: 'cloudwatch', logGroup: group },
      otlp: {
        kind: 'otlp',
        endpoint: text(
          'OtlpEndpoint',
          'The OTLP/HTTP receiver base URL (/v1/logs is appended)',
          'https://otlp.example.com:4318'
        ),
        serviceName: 'logdrain-example',
      },
      elasticsearch: {
        kind: 'elasticsearch',
        url: text(
          'OpenSearchUrl',
          "The domain's https endpoint",
          'https://search-logdrain-logs.example.com'
        ),
        auth: {
          kind: 'sigv4',
          domainArn: this.formatArn({
            service: 'es',
            resource: 'domain',
            resourceName: domainName,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        },
      },
    };
  }
}

function pascal(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
