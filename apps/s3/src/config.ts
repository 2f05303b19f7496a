import { isIPv4 } from 'node:net';
import {
  AWS_REGION_PATTERN,
  createEnvReader,
  type Env,
  hideUrlSecrets,
} from '@logdrain/core';
import type { S3Compression, S3Format } from './encode-batch.js';
import {
  checkKeyTemplate,
  KEY_PLACEHOLDERS,
  keyTemplateFrom,
  type S3Partitions,
} from './key-template.js';
import { ACCESS_POINT_ARN } from './s3-address.js';

/** Settings of the logdrain-s3 layer, read once at start-up. */
export interface S3Config {
  /** A bucket name, or an access point ARN. */
  readonly bucket: string;
  /** The key template (LOGDRAIN_S3_PREFIX made whole). */
  readonly keyTemplate: string;
  readonly partitions: S3Partitions;
  readonly format: S3Format;
  readonly compression: S3Compression;
  /** Undefined: the bucket's default (STANDARD). */
  readonly storageClass: StorageClass | undefined;
  /** SSE-KMS with this key; undefined: the bucket's default encryption. */
  readonly kmsKeyId: string | undefined;
  /** An S3-compatible store, addressed path-style; undefined: AWS S3. */
  readonly endpoint: string | undefined;
  readonly region: string;
  /** Malformed optional settings that fell back to their defaults. */
  readonly warnings: readonly string[];
}

export const STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
  'REDUCED_REDUNDANCY',
] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUCKET_ALLOWED =
  'a bucket name (3-63 lowercase letters, digits, dots and hyphens, no s3:// and no key) or an access point ARN (arn:aws:s3:<region>:<account>:accesspoint/<name>; not Object Lambda or Multi-Region, and not with LOGDRAIN_S3_ENDPOINT)';
// Their zonal endpoints take requests signed with CreateSession's
// credentials (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-authenticating-authorizing.html).
const DIRECTORY_BUCKET_ALLOWED =
  'a general purpose bucket: S3 Express One Zone directory buckets (…--x-s3) need session authentication, which this layer does not do';
const REGION_ALLOWED =
  'an AWS region, e.g. eu-west-1 (any name with LOGDRAIN_S3_ENDPOINT)';
const ENDPOINT_ALLOWED =
  'an https URL of an S3-compatible store (plain http only to a loopback host, or with LOGDRAIN_S3_ALLOW_HTTP=true)';

/**
 * Reads the S3 settings; every problem is reported at once in one
 * ConfigError naming the variable, the value seen and what is allowed.
 * A bad key template, KMS key or endpoint fails init too: falling back
 * would write objects somewhere else, or unencrypted.
 *
 * @example
 * const config = parseS3Config({ LOGDRAIN_S3_BUCKET: 'my-logs', AWS_REGION: 'eu-west-1' });
 */
export function parseS3Config(env: Env): S3Config {
  const read = createEnvReader(env);
  const bucket = read.string('LOGDRAIN_S3_BUCKET', { required: true });
  const endpointText = read.string('LOGDRAIN_S3_ENDPOINT');
  if (bucket !== '' && !isBucket(bucket, endpointText === undefined)) {
    read.problem({
      variable: 'LOGDRAIN_S3_BUCKET',
      value: bucket,
      allowed: BUCKET_ALLOWED,
    });
  } else if (endpointText === undefined && bucket.endsWith('--x-s3')) {
    read.problem({
      variable: 'LOGDRAIN_S3_BUCKET',
      value: bucket,
      allowed: DIRECTORY_BUCKET_ALLOWED,
    });
  }
  const prefix = read.string('LOGDRAIN_S3_PREFIX');
  const keyTemplate = keyTemplateFrom(prefix);
  const wrong = checkKeyTemplate(keyTemplate);
  if (wrong !== undefined) {
    read.problem({
      variable: 'LOGDRAIN_S3_PREFIX',
      value: prefix,
      allowed: `a key prefix ending in "/", or a key template with {hash} and only the placeholders ${KEY_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')} (found ${wrong})`,
    });
  }
  const partitions = read.oneOf('LOGDRAIN_S3_PARTITIONS', ['plain', 'hive'], {
    default: 'plain',
  });
  const format = read.oneOf('LOGDRAIN_S3_FORMAT', ['ndjson', 'json'], {
    default: 'ndjson',
  });
  const compression = read.oneOf('LOGDRAIN_S3_COMPRESSION', ['gzip', 'none'], {
    default: 'gzip',
  });
  const storageText = read.string('LOGDRAIN_S3_STORAGE_CLASS')?.toUpperCase();
  const storageClass = STORAGE_CLASSES.find((c) => c === storageText);
  if (storageText !== undefined && storageClass === undefined) {
    read.warn(
      {
        variable: 'LOGDRAIN_S3_STORAGE_CLASS',
        value: env.LOGDRAIN_S3_STORAGE_CLASS,
        allowed: `one of ${STORAGE_CLASSES.join(', ')}`,
      },
      "the bucket's default (STANDARD)"
    );
  }
  const kmsKeyId = read.string('LOGDRAIN_S3_KMS_KEY_ID');
  if (kmsKeyId !== undefined && !/^[A-Za-z0-9:/_.-]+$/.test(kmsKeyId)) {
    read.problem({
      variable: 'LOGDRAIN_S3_KMS_KEY_ID',
      value: kmsKeyId,
      allowed: 'a KMS key id, key ARN, alias name (alias/…) or alias ARN',
    });
  }
  const allowHttp = read.bool('LOGDRAIN_S3_ALLOW_HTTP', { default: false });
  const endpoint = readEndpoint(endpointText, allowHttp);
  if (typeof endpoint === 'object') read.problem(endpoint);
  const region =
    read.string('LOGDRAIN_S3_REGION') ??
    read.string('AWS_REGION') ??
    read.string('AWS_DEFAULT_REGION');
  if (region === undefined) {
    read.problem({
      variable: 'LOGDRAIN_S3_REGION',
      value: undefined,
      allowed:
        "set, or AWS_REGION set (Lambda sets it to the function's region)",
    });
  } else if (endpointText === undefined && !AWS_REGION_PATTERN.test(region)) {
    read.problem({
      variable: 'LOGDRAIN_S3_REGION',
      value: region,
      allowed: REGION_ALLOWED,
    });
  }
  read.throwIfInvalid();
  return Object.freeze({
    bucket,
    keyTemplate,
    partitions,
    format,
    compression,
    storageClass,
    kmsKeyId,
    endpoint: typeof endpoint === 'string' ? endpoint : undefined,
    region: region ?? '',
    warnings: Object.freeze([...read.warnings]),
  });
}

function isBucket(value: string, awsS3: boolean): boolean {
  if (BUCKET_NAME.test(value)) return true;
  const arn = ACCESS_POINT_ARN.exec(value);
  return awsS3 && arn !== null && AWS_REGION_PATTERN.test(arn[1] ?? '');
}

function readEndpoint(value: string | undefined, allowHttp: boolean) {
  if (value === undefined) return undefined;
  const problem = {
    variable: 'LOGDRAIN_S3_ENDPOINT',
    value: hideUrlSecrets(value),
    allowed: ENDPOINT_ALLOWED,
  };
  if (!URL.canParse(value)) return problem;
  const url = new URL(value);
  if (url.username !== '' || url.password !== '') return problem;
  if (url.protocol === 'https:') return url.href;
  if (url.protocol !== 'http:') return problem;
  return allowHttp || isLoopback(url.hostname) ? url.href : problem;
}

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}
