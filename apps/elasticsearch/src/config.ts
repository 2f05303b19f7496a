import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import {
  createEnvReader,
  type Env,
  type EnvReader,
  hideUrlSecrets,
} from '@logdrain/core';
import {
  type ElasticsearchAuth,
  readAuth,
  type SecretReference,
} from './auth-config.js';

export type { ElasticsearchAuth, SecretReference };

/** Settings of the logdrain-elasticsearch layer, read once at start-up. */
export interface ElasticsearchConfig {
  /** The cluster's base URL, without credentials (`https://host:9200/`). */
  readonly url: string;
  /** The data stream, index or alias written to. */
  readonly index: string;
  /** Whether an installed template makes `index` a data stream. */
  readonly dataStream: boolean;
  /** Install an index template for `index` on first use. */
  readonly installTemplate: boolean;
  readonly auth: ElasticsearchAuth;
  /**
   * Credentials named by `…_ARN` variables, read from Secrets Manager or SSM
   * when the destination is created (their place in `auth` is '' until then).
   */
  readonly secrets: readonly SecretReference[];
  /** An extra trusted CA (PEM text) read from LOGDRAIN_ES_CA_FILE. */
  readonly ca: string | undefined;
  /** Uncompressed NDJSON bytes per _bulk request, at most 10 MiB. */
  readonly maxBulkBytes: number;
  /** Per request: waiting for response headers, and between body chunks. */
  readonly timeoutMs: number;
  /** Malformed optional settings that fell back to their defaults. */
  readonly warnings: readonly string[];
}

export const DEFAULT_INDEX = 'logs-aws.lambda-default';
export const DEFAULT_MAX_BULK_BYTES = 5 * 1024 * 1024;
/** Amazon OpenSearch Service's request limit on its smallest instances. */
export const MAX_BULK_BYTES_LIMIT = 10 * 1024 * 1024;

const URL_ALLOWED =
  'an https URL of the cluster (plain http only to a loopback host: 127.0.0.0/8, ::1 or localhost)';
const INDEX_ALLOWED =
  'a lowercase index, alias or data stream name: no spaces or \\ / * ? " < > | , #, not starting with -, _ or +, at most 255 bytes';

/**
 * Reads the Elasticsearch/OpenSearch settings; every problem is reported at
 * once in one ConfigError naming the variable, the value seen (never a
 * secret's) and what is allowed.
 *
 * @example
 * const config = parseElasticsearchConfig({ LOGDRAIN_ES_URL: 'https://search.example.com' });
 */
export function parseElasticsearchConfig(env: Env): ElasticsearchConfig {
  const read = createEnvReader(env);
  const url = readUrl(read, env.LOGDRAIN_ES_URL?.trim());
  const index = read.string('LOGDRAIN_ES_INDEX', { default: DEFAULT_INDEX });
  if (!isIndexName(index)) {
    read.problem({
      variable: 'LOGDRAIN_ES_INDEX',
      value: index,
      allowed: INDEX_ALLOWED,
    });
  }
  const dataStream = read.bool('LOGDRAIN_ES_DATA_STREAM', {
    default: index.startsWith('logs-'),
  });
  const installTemplate = read.bool('LOGDRAIN_ES_INSTALL_TEMPLATE', {
    default: false,
  });
  const secrets: SecretReference[] = [];
  const auth = readAuth(read, env, url, secrets);
  const ca = readCa(read, read.string('LOGDRAIN_ES_CA_FILE'));
  const maxBulkBytes = read.int('LOGDRAIN_ES_MAX_BULK_BYTES', {
    default: DEFAULT_MAX_BULK_BYTES,
    min: 65_536,
    max: MAX_BULK_BYTES_LIMIT,
    unit: 'bytes',
  });
  const timeoutMs = read.int('LOGDRAIN_ES_TIMEOUT_MS', {
    default: 10_000,
    min: 100,
    max: 60_000,
  });
  read.throwIfInvalid();
  const base = url ?? new URL('https://invalid.example');
  base.username = '';
  base.password = '';
  return Object.freeze({
    url: base.href,
    index,
    dataStream,
    installTemplate,
    auth: Object.freeze(auth),
    secrets: Object.freeze(secrets.map((s) => Object.freeze(s))),
    ca,
    maxBulkBytes,
    timeoutMs,
    warnings: Object.freeze([...read.warnings]),
  });
}

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}

function readUrl(read: EnvReader, value: string | undefined) {
  if (value !== undefined && value !== '' && URL.canParse(value)) {
    const url = new URL(value);
    if (url.protocol === 'https:') return url;
    if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  }
  read.problem({
    variable: 'LOGDRAIN_ES_URL',
    value:
      value === undefined || value === '' ? undefined : hideUrlSecrets(value),
    allowed: URL_ALLOWED,
  });
  return undefined;
}

function isIndexName(name: string): boolean {
  return (
    name === name.toLowerCase() &&
    !/[\\/*?"<>| ,#:]/.test(name) &&
    !/^[-_+]/.test(name) &&
    name !== '.' &&
    name !== '..' &&
    Buffer.byteLength(name) <= 255
  );
}

function readCa(read: EnvReader, path: string | undefined) {
  if (path === undefined) return undefined;
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // Reported below with what is allowed.
  }
  if (text.includes('-----BEGIN CERTIFICATE-----')) return text;
  read.problem({
    variable: 'LOGDRAIN_ES_CA_FILE',
    value: path,
    allowed: 'the path of a readable PEM file holding a CA certificate',
  });
  return undefined;
}
