import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  type DestinationSetup,
  definedVariables,
} from '../destination-setup.js';
import {
  type SecretEnvironment,
  type SecretInput,
  secretEnvironment,
} from '../secret-input.js';

/** How the layer authenticates to the cluster. */
export type ElasticsearchAuthOptions =
  | { readonly kind: 'apiKey'; readonly apiKey: SecretInput }
  | {
      readonly kind: 'basic';
      readonly username: SecretInput;
      readonly password: SecretInput;
    }
  | {
      /** Amazon OpenSearch Service domain, signed with the function's role. */
      readonly kind: 'sigv4';
      readonly service?: 'es';
      /** The domain's ARN (`arn:aws:es:<region>:<account>:domain/<name>`). */
      readonly domainArn: string;
      readonly region?: string;
    }
  | {
      /** OpenSearch Serverless; its data access policy must admit the role. */
      readonly kind: 'sigv4';
      readonly service: 'aoss';
      /** The collection's ARN (`arn:aws:aoss:<region>:<account>:collection/<id>`). */
      readonly collectionArn: string;
      readonly region?: string;
    };

/** The `logdrain-elasticsearch` layer: `_bulk` into Elasticsearch/OpenSearch. */
export interface ElasticsearchDestination {
  readonly kind: 'elasticsearch';
  /** LOGDRAIN_ES_URL: the cluster's https URL. */
  readonly url: string;
  /** LOGDRAIN_ES_INDEX; the layer's default is `logs-aws.lambda-default`. */
  readonly index?: string;
  readonly dataStream?: boolean;
  /** LOGDRAIN_ES_INSTALL_TEMPLATE: PUT an index template on first use. */
  readonly installTemplate?: boolean;
  /** No authentication when unset. */
  readonly auth?: ElasticsearchAuthOptions;
  /** LOGDRAIN_ES_CA_FILE: a PEM file in the function package or a layer. */
  readonly caFile?: string;
  readonly maxBulkBytes?: number;
  readonly timeoutMs?: number;
}

/**
 * The layer reads LOGDRAIN_ES_*_ARN itself at start-up, so a whole secret is
 * passed by ARN with GetSecretValue on it (never resolved into the template).
 */
const SECRET_ARN_SUPPORTED = true;

function secrets(
  pairs: ReadonlyArray<readonly [string, SecretInput]>
): SecretEnvironment {
  const parts = pairs.map(([variable, input]) =>
    secretEnvironment({ variable, input, arnSupported: SECRET_ARN_SUPPORTED })
  );
  return {
    environment: Object.assign({}, ...parts.map((p) => p.environment)),
    statements: parts.flatMap((p) => p.statements),
  };
}

function authSetup(auth: ElasticsearchAuthOptions | undefined, put: boolean) {
  if (auth === undefined) return { environment: {}, statements: [] };
  if (auth.kind === 'apiKey')
    return secrets([['LOGDRAIN_ES_API_KEY', auth.apiKey]]);
  if (auth.kind === 'basic') {
    return secrets([
      ['LOGDRAIN_ES_USERNAME', auth.username],
      ['LOGDRAIN_ES_PASSWORD', auth.password],
    ]);
  }
  const environment = definedVariables({
    LOGDRAIN_ES_AUTH: 'sigv4',
    LOGDRAIN_ES_SERVICE: auth.service ?? 'es',
    LOGDRAIN_ES_REGION: auth.region,
  });
  if (auth.service === 'aoss') {
    return {
      environment,
      statements: [
        new PolicyStatement({
          actions: ['aoss:APIAccessAll'],
          resources: [auth.collectionArn],
        }),
      ],
    };
  }
  return {
    environment,
    statements: [
      new PolicyStatement({
        actions: put ? ['es:ESHttpPost', 'es:ESHttpPut'] : ['es:ESHttpPost'],
        resources: [`${auth.domainArn}/*`],
      }),
    ],
  };
}

/**
 * Variables and permissions for the Elasticsearch layer: es:ESHttpPost on
 * the domain's paths for SigV4 (es:ESHttpPut too when it installs the index
 * template), aoss:APIAccessAll on a Serverless collection, nothing else.
 *
 * @example
 * setupElasticsearch({ kind: 'elasticsearch', url: 'https://search.example.com', auth: { kind: 'apiKey', apiKey: { secret } } });
 */
export function setupElasticsearch(
  options: ElasticsearchDestination
): DestinationSetup {
  const auth = authSetup(options.auth, options.installTemplate === true);
  return {
    layerName: 'logdrain-elasticsearch',
    environment: {
      ...definedVariables({
        LOGDRAIN_ES_URL: options.url,
        LOGDRAIN_ES_INDEX: options.index,
        LOGDRAIN_ES_DATA_STREAM: options.dataStream,
        LOGDRAIN_ES_INSTALL_TEMPLATE: options.installTemplate,
        LOGDRAIN_ES_CA_FILE: options.caFile,
        LOGDRAIN_ES_MAX_BULK_BYTES: options.maxBulkBytes,
        LOGDRAIN_ES_TIMEOUT_MS: options.timeoutMs,
      }),
      ...auth.environment,
    },
    statements: auth.statements,
  };
}
