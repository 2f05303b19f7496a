import { readFileSync } from 'node:fs';
import {
  createEnvReader,
  type Env,
  type EnvReader,
  hideUrlSecrets,
} from '@logdrain/core';
import { parseKeyValueList } from './key-value-list.js';

/** The OTLP/HTTP encodings this layer speaks. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Settings of the logdrain-otlp layer, read once at start-up. */
export interface OtlpConfig {
  /** The full logs URL, e.g. `https://otlp.example.com/v1/logs`. */
  readonly url: string;
  readonly protocol: OtlpProtocol;
  /** Sent with every request. Values are secrets: never log them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly compression: 'gzip' | 'none';
  /** Per request: the socket may stay idle this long before it is dropped. */
  readonly timeoutMs: number;
  /** An extra trusted CA (PEM text) from OTEL_EXPORTER_OTLP_CERTIFICATE. */
  readonly ca: string | undefined;
  /** OTEL_SERVICE_NAME; the function name when unset. */
  readonly serviceName: string | undefined;
  /** OTEL_RESOURCE_ATTRIBUTES, added to (and overriding) the detected ones. */
  readonly resourceAttributes: Readonly<Record<string, string>>;
  /** Malformed optional settings that fell back to their defaults. */
  readonly warnings: readonly string[];
}

const P = 'OTEL_EXPORTER_OTLP_';
const ENDPOINT_ALLOWED =
  'the http(s) base URL of an OTLP/HTTP receiver, e.g. https://otlp.example.com:4318 (/v1/logs is appended), or set OTEL_EXPORTER_OTLP_LOGS_ENDPOINT to the full logs URL';
const PROTOCOL_ALLOWED = `${OTLP_PROTOCOLS.join(' or ')} (grpc is not supported by this layer: point the endpoint at the receiver's OTLP/HTTP port, usually 4318)`;
/** Set by the layer itself; a user value would break the request. */
const RESERVED_HEADERS = new Set([
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'host',
]);

/**
 * Reads the OpenTelemetry standard variables (the logs-specific
 * `OTEL_EXPORTER_OTLP_LOGS_*` one wins over the generic one); every
 * problem is reported at once in one ConfigError naming the variable, the
 * value seen and what is allowed.
 *
 * @example
 * const config = parseOtlpConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com' });
 * config.url; // → 'https://otlp.example.com/v1/logs'
 */
export function parseOtlpConfig(env: Env): OtlpConfig {
  const read = createEnvReader(env);
  const setting = (name: string) => pick(read, name);
  const url = readEndpoint(read);
  const protocolSetting = setting('PROTOCOL');
  const protocol = readProtocol(read, protocolSetting);
  const headers = readHeaders(read, env);
  const compression = read.oneOf(setting('COMPRESSION'), ['gzip', 'none'], {
    default: 'gzip',
  });
  const timeoutMs = read.int(setting('TIMEOUT'), {
    default: 10_000,
    min: 100,
    max: 60_000,
  });
  const ca = readCa(read, setting('CERTIFICATE'));
  const serviceName = read.string('OTEL_SERVICE_NAME');
  const resourceAttributes = readResourceAttributes(read, env);
  read.throwIfInvalid();
  return Object.freeze({
    url,
    protocol,
    headers: Object.freeze(headers),
    compression: compression as 'gzip' | 'none',
    timeoutMs,
    ca,
    serviceName,
    resourceAttributes: Object.freeze(resourceAttributes),
    warnings: Object.freeze([...read.warnings]),
  });
}

/** The logs-specific variable's name when it is set, else the generic one's. */
function pick(read: EnvReader, setting: string): string {
  const logs = `${P}LOGS_${setting}`;
  return read.string(logs) === undefined ? `${P}${setting}` : logs;
}

function readEndpoint(read: EnvReader): string {
  const logsName = `${P}LOGS_ENDPOINT`;
  const name = read.string(logsName) === undefined ? `${P}ENDPOINT` : logsName;
  const value = read.string(name);
  const problem = (seen: string | undefined) => {
    read.problem({ variable: name, value: seen, allowed: ENDPOINT_ALLOWED });
    return '';
  };
  if (value === undefined || !URL.canParse(value)) return problem(value);
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return problem(hideUrlSecrets(value));
  }
  if (name === logsName) return url.href;
  // The generic endpoint is a base URL: the signal path is appended to it.
  const base = url.href.endsWith('/') ? url.href : `${url.href}/`;
  return `${base}v1/logs`;
}

function readProtocol(read: EnvReader, name: string): OtlpProtocol {
  const value = read.string(name);
  if (value === undefined) return 'http/protobuf';
  const found = OTLP_PROTOCOLS.find((p) => p === value.toLowerCase());
  if (found !== undefined) return found;
  read.problem({ variable: name, value, allowed: PROTOCOL_ALLOWED });
  return 'http/protobuf';
}

function readHeaders(read: EnvReader, env: Env): Record<string, string> {
  const headers: Record<string, string> = {};
  // Generic first, then the logs-specific ones override per name.
  for (const name of [`${P}HEADERS`, `${P}LOGS_HEADERS`]) {
    const text = read.string(name);
    if (text === undefined) continue;
    const pairs = parseKeyValueList(text);
    const bad = pairs?.find(
      ([key, value]) =>
        !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key) ||
        RESERVED_HEADERS.has(key.toLowerCase()) ||
        /[\r\n\0]/.test(value)
    );
    if (pairs === undefined || bad !== undefined) {
      read.problem({
        variable: name,
        // Header values are credentials: never echo them.
        value: `(${env[name]?.length ?? 0} characters, not shown)`,
        allowed: `comma-separated name=value pairs (values percent-encoded), names other than ${[...RESERVED_HEADERS].join(', ')}`,
      });
      continue;
    }
    for (const [key, value] of pairs) headers[key.toLowerCase()] = value;
  }
  return headers;
}

function readCa(read: EnvReader, name: string): string | undefined {
  const path = read.string(name);
  if (path === undefined) return undefined;
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // Reported below with what is allowed.
  }
  if (text.includes('-----BEGIN CERTIFICATE-----')) return text;
  read.problem({
    variable: name,
    value: path,
    allowed: 'the path of a readable PEM file holding a CA certificate',
  });
  return undefined;
}

function readResourceAttributes(
  read: EnvReader,
  env: Env
): Record<string, string> {
  const name = 'OTEL_RESOURCE_ATTRIBUTES';
  const text = read.string(name);
  const pairs = parseKeyValueList(text);
  if (pairs !== undefined) return Object.fromEntries(pairs);
  read.warn(
    {
      variable: name,
      value: env[name],
      allowed: 'comma-separated key=value pairs (values percent-encoded)',
    },
    'no extra resource attributes'
  );
  return {};
}
