import { Fn } from 'aws-cdk-lib';
import {
  type DestinationSetup,
  definedVariables,
} from '../destination-setup.js';
import { type SecretInput, secretText } from '../secret-input.js';

/** The `logdrain-otlp` layer: OTLP/HTTP logs, OpenTelemetry variables. */
export interface OtlpDestination {
  readonly kind: 'otlp';
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the base URL (`/v1/logs` is appended). */
  readonly endpoint?: string;
  /** OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: the full logs URL. */
  readonly logsEndpoint?: string;
  /**
   * OTEL_EXPORTER_OTLP_HEADERS as `name=value` pairs. Plain values are
   * percent-encoded; secret values are inserted at deploy time as they are.
   */
  readonly headers?: Readonly<Record<string, SecretInput>>;
  readonly protocol?: 'http/protobuf' | 'http/json';
  readonly compression?: 'gzip' | 'none';
  /** OTEL_EXPORTER_OTLP_TIMEOUT, milliseconds. */
  readonly timeoutMs?: number;
  /** OTEL_SERVICE_NAME; the layer uses the function name when unset. */
  readonly serviceName?: string;
  /** OTEL_RESOURCE_ATTRIBUTES. */
  readonly resourceAttributes?: Readonly<Record<string, string>>;
}

function pairs(values: Readonly<Record<string, SecretInput>>): string {
  return Fn.join(
    ',',
    Object.entries(values).map(([name, value]) =>
      typeof value === 'string'
        ? `${name}=${encodeURIComponent(value)}`
        : `${name}=${secretText(value)}`
    )
  );
}

/**
 * Variables for the OTLP layer; it needs no IAM permission.
 *
 * @example
 * setupOtlp({ kind: 'otlp', endpoint: 'https://otlp.example.com:4318' });
 */
export function setupOtlp(options: OtlpDestination): DestinationSetup {
  if (options.endpoint === undefined && options.logsEndpoint === undefined) {
    throw new Error(
      'LogDrain otlp: set endpoint (OTEL_EXPORTER_OTLP_ENDPOINT) or logsEndpoint (OTEL_EXPORTER_OTLP_LOGS_ENDPOINT)'
    );
  }
  return {
    layerName: 'logdrain-otlp',
    environment: definedVariables({
      OTEL_EXPORTER_OTLP_ENDPOINT: options.endpoint,
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: options.logsEndpoint,
      OTEL_EXPORTER_OTLP_HEADERS:
        options.headers === undefined ? undefined : pairs(options.headers),
      OTEL_EXPORTER_OTLP_PROTOCOL: options.protocol,
      OTEL_EXPORTER_OTLP_COMPRESSION: options.compression,
      OTEL_EXPORTER_OTLP_TIMEOUT: options.timeoutMs,
      OTEL_SERVICE_NAME: options.serviceName,
      OTEL_RESOURCE_ATTRIBUTES:
        options.resourceAttributes === undefined
          ? undefined
          : pairs(options.resourceAttributes),
    }),
    statements: [],
  };
}
