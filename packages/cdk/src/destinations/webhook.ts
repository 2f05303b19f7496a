import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  type DestinationSetup,
  definedVariables,
} from '../destination-setup.js';
import {
  type SecretInput,
  secretEnvironment,
  secretText,
} from '../secret-input.js';

/** The `logdrain-webhook` layer: batches POSTed to an HTTPS endpoint. */
export interface WebhookDestination {
  readonly kind: 'webhook';
  /** LOGDRAIN_WEBHOOK_URL: https (plain http only to loopback). */
  readonly url: string;
  /** LOGDRAIN_WEBHOOK_HEADERS, sent as a JSON object. */
  readonly headers?: Readonly<Record<string, SecretInput>>;
  /** LOGDRAIN_WEBHOOK_SECRET: the HMAC-SHA256 signing key. */
  readonly secret?: SecretInput;
  /** LOGDRAIN_WEBHOOK_FORMAT; the layer's default is `json`. */
  readonly format?: 'json' | 'ndjson';
  /** LOGDRAIN_WEBHOOK_COMPRESSION; the layer's default is `gzip`. */
  readonly compression?: 'gzip' | 'none';
  /** LOGDRAIN_WEBHOOK_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** LOGDRAIN_WEBHOOK_CA_FILE: a PEM file in the function package or a layer. */
  readonly caFile?: string;
}

/** The webhook layer reads its secret from the variable only (for now). */
const SECRET_ARN_SUPPORTED = false;

/**
 * Variables for the webhook layer; it needs no IAM permission.
 *
 * @example
 * setupWebhook(stack, { kind: 'webhook', url: 'https://logs.example.com/in' });
 */
export function setupWebhook(
  scope: Construct,
  options: WebhookDestination
): DestinationSetup {
  const secret =
    options.secret === undefined
      ? { environment: {}, statements: [] }
      : secretEnvironment({
          variable: 'LOGDRAIN_WEBHOOK_SECRET',
          input: options.secret,
          arnSupported: SECRET_ARN_SUPPORTED,
        });
  const headers =
    options.headers === undefined
      ? undefined
      : Stack.of(scope).toJsonString(
          Object.fromEntries(
            Object.entries(options.headers).map(([k, v]) => [k, secretText(v)])
          )
        );
  return {
    layerName: 'logdrain-webhook',
    environment: {
      ...definedVariables({
        LOGDRAIN_WEBHOOK_URL: options.url,
        LOGDRAIN_WEBHOOK_HEADERS: headers,
        LOGDRAIN_WEBHOOK_FORMAT: options.format,
        LOGDRAIN_WEBHOOK_COMPRESSION: options.compression,
        LOGDRAIN_WEBHOOK_TIMEOUT_MS: options.timeoutMs,
        LOGDRAIN_WEBHOOK_CA_FILE: options.caFile,
      }),
      ...secret.environment,
    },
    statements: secret.statements,
  };
}
