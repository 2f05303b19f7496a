import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { createEnvReader, type Env, type EnvReader } from '@logdrain/core';

/** Settings of the logdrain-s3 layer, read once at start-up. */
export interface S3Config {
  /** Where batches are POSTed. */
  readonly url: string;
  /** An extra trusted CA (PEM text) read from LOGDRAIN_S3_CA_FILE. */
  readonly ca: string | undefined;
  /** Malformed optional settings that fell back to their defaults. */
  readonly warnings: readonly string[];
}

const URL_VARIABLE = 'LOGDRAIN_S3_URL';
const CA_VARIABLE = 'LOGDRAIN_S3_CA_FILE';

/**
 * Reads the s3 settings; every problem is reported at once in one
 * ConfigError naming the variable, the value seen and what is allowed.
 *
 * @example
 * const config = parseS3Config({ LOGDRAIN_S3_URL: 'https://logs.example.com/in' });
 */
export function parseS3Config(env: Env): S3Config {
  const read = createEnvReader(env);
  const url = read.url(URL_VARIABLE, {
    required: true,
    protocols: ['https', 'http'],
  });
  // Logs leave the function encrypted: plain http only to this machine.
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    read.problem({
      variable: URL_VARIABLE,
      value: url.href,
      allowed: 'an https URL (plain http only to a loopback host)',
    });
  }
  const ca = readCa(read.string(CA_VARIABLE), read);
  read.throwIfInvalid();
  return Object.freeze({
    url: url.href,
    ca,
    warnings: Object.freeze([...read.warnings]),
  });
}

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}

function readCa(path: string | undefined, read: EnvReader) {
  if (path === undefined) return undefined;
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // Reported below with what is allowed.
  }
  if (text.includes('-----BEGIN CERTIFICATE-----')) return text;
  read.problem({
    variable: CA_VARIABLE,
    value: path,
    allowed: 'the path of a readable PEM file holding a CA certificate',
  });
  return undefined;
}
