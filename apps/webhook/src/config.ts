import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import {
  createEnvReader,
  type Env,
  hideUrlSecrets,
  type ReadSecretOptions,
  readSecret,
  readSecretSetting,
  type SecretSource,
} from '@logdrain/core';
import { parseHeaders } from './headers.js';

/** Settings of the webhook layer, read once at start-up. */
export interface WebhookConfig {
  /** Where batches are POSTed. */
  readonly url: string;
  /** Sent with every request. Values may be secrets: never log them. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * HMAC-SHA256 key for `X-Logdrain-Signature`; unsigned when undefined
   * (and no `secretSource`). Never log it.
   */
  readonly secret: string | undefined;
  /**
   * Where LOGDRAIN_WEBHOOK_SECRET_ARN says the key is: withWebhookSecret
   * reads it into `secret` at start-up.
   */
  readonly secretSource?: SecretSource | undefined;
  readonly format: 'json' | 'ndjson';
  readonly compression: 'gzip' | 'none';
  /** An extra trusted CA (PEM text) read from LOGDRAIN_WEBHOOK_CA_FILE. */
  readonly ca: string | undefined;
  /** Per request: waiting for headers, and between body chunks. */
  readonly timeoutMs: number;
  /** Malformed optional settings that fell back to their defaults. */
  readonly warnings: readonly string[];
}

const URL_ALLOWED =
  'an https URL (plain http only to a loopback host: 127.0.0.0/8, ::1 or localhost, or with LOGDRAIN_WEBHOOK_ALLOW_HTTP=true)';

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}

/**
 * Reads the webhook settings; every problem is reported at once in one
 * ConfigError naming the variable, the value seen and what is allowed.
 * Malformed headers or an unreadable CA file fail too: their defaults
 * would have every batch refused.
 *
 * @example
 * const config = parseWebhookConfig({ LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in' });
 */
export function parseWebhookConfig(env: Env): WebhookConfig {
  const read = createEnvReader(env);
  const allowHttp = read.bool('LOGDRAIN_WEBHOOK_ALLOW_HTTP', {
    default: false,
  });
  const url = readUrl(env.LOGDRAIN_WEBHOOK_URL?.trim(), allowHttp);
  if (typeof url !== 'string') read.problem(url);
  const headers = parseHeaders(env.LOGDRAIN_WEBHOOK_HEADERS);
  if (!headers.ok) read.problem(headers.problem);
  const secret = readSecretSetting({
    read,
    env,
    variable: 'LOGDRAIN_WEBHOOK_SECRET',
  });
  const format = read.oneOf('LOGDRAIN_WEBHOOK_FORMAT', ['json', 'ndjson'], {
    default: 'json',
  });
  const compression = read.oneOf(
    'LOGDRAIN_WEBHOOK_COMPRESSION',
    ['gzip', 'none'],
    { default: 'gzip' }
  );
  const ca = readCa(read.string('LOGDRAIN_WEBHOOK_CA_FILE'), read);
  const timeoutMs = read.int('LOGDRAIN_WEBHOOK_TIMEOUT_MS', {
    default: 5_000,
    min: 100,
    max: 60_000,
  });
  read.throwIfInvalid();
  return Object.freeze({
    url: typeof url === 'string' ? url : '',
    headers: Object.freeze(headers.ok ? headers.value : {}),
    secret: secret?.kind === 'value' ? secret.value : undefined,
    secretSource: secret?.kind === 'arn' ? secret.source : undefined,
    format,
    compression,
    ca,
    timeoutMs,
    warnings: Object.freeze([...read.warnings]),
  });
}

/**
 * The config with the HMAC key read from LOGDRAIN_WEBHOOK_SECRET_ARN's
 * Secrets Manager secret or SSM parameter (once, at start-up); the config
 * itself when that variable is unset. Throws a ConfigError naming the
 * variable and the ARN when the secret cannot be read.
 *
 * @example
 * const config = await withWebhookSecret(parseWebhookConfig(process.env));
 */
export async function withWebhookSecret(
  config: WebhookConfig,
  opts?: ReadSecretOptions
): Promise<WebhookConfig> {
  if (config.secretSource === undefined) return config;
  const secret = await readSecret(config.secretSource, opts);
  return Object.freeze({ ...config, secret, secretSource: undefined });
}

function readUrl(value: string | undefined, allowHttp: boolean) {
  const problem = {
    variable: 'LOGDRAIN_WEBHOOK_URL',
    value:
      value === undefined || value === '' ? undefined : hideUrlSecrets(value),
    allowed: URL_ALLOWED,
  };
  if (value === undefined || value === '' || !URL.canParse(value)) {
    return problem;
  }
  const url = new URL(value);
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && (allowHttp || isLoopback(url.hostname))) {
    return url.href;
  }
  return problem;
}

function readCa(
  path: string | undefined,
  read: ReturnType<typeof createEnvReader>
): string | undefined {
  if (path === undefined) return undefined;
  const problem = {
    variable: 'LOGDRAIN_WEBHOOK_CA_FILE',
    value: path,
    allowed: 'the path of a readable PEM file holding a CA certificate',
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    read.problem(problem);
    return undefined;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    read.problem(problem);
    return undefined;
  }
  return text;
}
