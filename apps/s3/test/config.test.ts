import { ConfigError, type Env } from '@logdrain/core';
import { describe, expect, it } from 'vitest';
import { parseS3Config } from '../src/config.js';
import { DEFAULT_KEY_TEMPLATE } from '../src/key-template.js';

const BASE = { LOGDRAIN_S3_BUCKET: 'my-logs', AWS_REGION: 'eu-west-1' };

function problemsOf(env: Env) {
  try {
    parseS3Config(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseS3Config', () => {
  it('reads the bucket and the region and defaults everything else', () => {
    const config = parseS3Config(BASE);

    expect(config).toEqual({
      bucket: 'my-logs',
      keyTemplate: DEFAULT_KEY_TEMPLATE,
      partitions: 'plain',
      format: 'ndjson',
      compression: 'gzip',
      storageClass: undefined,
      kmsKeyId: undefined,
      endpoint: undefined,
      region: 'eu-west-1',
      warnings: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every optional setting', () => {
    const config = parseS3Config({
      ...BASE,
      LOGDRAIN_S3_PREFIX: 'archive/{account}/{function}/{yyyy}/{hash}{ext}',
      LOGDRAIN_S3_PARTITIONS: 'hive',
      LOGDRAIN_S3_FORMAT: 'json',
      LOGDRAIN_S3_COMPRESSION: 'none',
      LOGDRAIN_S3_STORAGE_CLASS: 'intelligent_tiering',
      LOGDRAIN_S3_KMS_KEY_ID: 'alias/logs',
      LOGDRAIN_S3_ENDPOINT: 'https://minio.example.com:9000',
      LOGDRAIN_S3_REGION: 'us-west-2',
    });

    expect(config).toEqual({
      bucket: 'my-logs',
      keyTemplate: 'archive/{account}/{function}/{yyyy}/{hash}{ext}',
      partitions: 'hive',
      format: 'json',
      compression: 'none',
      storageClass: 'INTELLIGENT_TIERING',
      kmsKeyId: 'alias/logs',
      endpoint: 'https://minio.example.com:9000/',
      region: 'us-west-2',
      warnings: [],
    });
  });

  it('puts a plain prefix in front of the default layout', () => {
    const config = parseS3Config({ ...BASE, LOGDRAIN_S3_PREFIX: 'archive' });

    expect(config.keyTemplate).toBe(
      'archive/{function}/{yyyy}/{mm}/{dd}/{hh}/{timestamp}-{hash}{ext}'
    );
  });

  it('accepts an access point ARN as the bucket', () => {
    const arn = 'arn:aws:s3:eu-west-1:123456789012:accesspoint/logs';

    expect(parseS3Config({ ...BASE, LOGDRAIN_S3_BUCKET: arn }).bucket).toBe(
      arn
    );
  });

  it('accepts plain http to a loopback endpoint, or anywhere when allowed', () => {
    const local = parseS3Config({
      ...BASE,
      LOGDRAIN_S3_ENDPOINT: 'http://127.0.0.1:5000',
    });
    const allowed = parseS3Config({
      ...BASE,
      LOGDRAIN_S3_ENDPOINT: 'http://minio.internal:9000',
      LOGDRAIN_S3_ALLOW_HTTP: 'true',
    });

    expect(local.endpoint).toBe('http://127.0.0.1:5000/');
    expect(allowed.endpoint).toBe('http://minio.internal:9000/');
  });

  it('takes the region from AWS_DEFAULT_REGION when AWS_REGION is unset', () => {
    const config = parseS3Config({
      LOGDRAIN_S3_BUCKET: 'my-logs',
      AWS_DEFAULT_REGION: 'ap-south-1',
    });

    expect(config.region).toBe('ap-south-1');
  });

  it.each([
    ['LOGDRAIN_S3_PARTITIONS', 'daily', 'the default plain'],
    ['LOGDRAIN_S3_FORMAT', 'csv', 'the default ndjson'],
    ['LOGDRAIN_S3_COMPRESSION', 'zstd', 'the default gzip'],
    ['LOGDRAIN_S3_STORAGE_CLASS', 'COLD', "the bucket's default (STANDARD)"],
  ])('warns about %s=%s and uses %s', (variable, value, fallback) => {
    const config = parseS3Config({ ...BASE, [variable]: value });

    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain(variable);
    expect(config.warnings[0]).toContain(JSON.stringify(value));
    expect(config.warnings[0]).toContain(`using ${fallback}`);
  });

  it('names LOGDRAIN_S3_BUCKET when it is missing', () => {
    expect(problemsOf({ AWS_REGION: 'eu-west-1' })).toEqual([
      { variable: 'LOGDRAIN_S3_BUCKET', value: undefined, allowed: 'set' },
    ]);
  });

  it.each([
    ['LOGDRAIN_S3_BUCKET', 's3://my-logs'],
    ['LOGDRAIN_S3_BUCKET', 'my-logs/prefix'],
    ['LOGDRAIN_S3_BUCKET', 'ab'],
    ['LOGDRAIN_S3_PREFIX', 'logs/{function}/{timestamp}.gz'],
    ['LOGDRAIN_S3_PREFIX', 'logs/{date}/{hash}'],
    ['LOGDRAIN_S3_PREFIX', 'logs/{hash}}'],
    ['LOGDRAIN_S3_PREFIX', '/logs/{hash}'],
    ['LOGDRAIN_S3_KMS_KEY_ID', 'my key'],
    ['LOGDRAIN_S3_ENDPOINT', 'minio:9000'],
    ['LOGDRAIN_S3_ENDPOINT', 'http://minio.internal:9000'],
    ['LOGDRAIN_S3_ENDPOINT', 'https://user:secret@minio.example.com'],
    // Object Lambda takes no PutObject; Multi-Region needs SigV4A.
    [
      'LOGDRAIN_S3_BUCKET',
      'arn:aws:s3-object-lambda:eu-west-1:123456789012:accesspoint/logs',
    ],
    ['LOGDRAIN_S3_BUCKET', 'arn:aws:s3::123456789012:accesspoint/abc.mrap'],
    ['LOGDRAIN_S3_BUCKET', 'logs--usw2-az1--x-s3'],
    ['LOGDRAIN_S3_REGION', 'auto'],
    ['LOGDRAIN_S3_REGION', 'eu-west'],
  ])('names %s when it is %s', (variable, value) => {
    const problems = problemsOf({ ...BASE, [variable]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe(variable);
    // Credentials in a refused URL are hidden.
    expect(problems[0]?.value).toBe(value.replace('user:secret', '***'));
  });

  it('takes any region and no access point ARN with an endpoint', () => {
    const endpoint = { ...BASE, LOGDRAIN_S3_ENDPOINT: 'https://store.example' };

    expect(
      parseS3Config({ ...endpoint, LOGDRAIN_S3_REGION: 'auto' }).region
    ).toBe('auto');
    expect(
      problemsOf({
        ...endpoint,
        LOGDRAIN_S3_BUCKET:
          'arn:aws:s3:eu-west-1:123456789012:accesspoint/logs',
      }).map((p) => p.variable)
    ).toEqual(['LOGDRAIN_S3_BUCKET']);
  });

  it('names the region variables when no region is known', () => {
    const problems = problemsOf({ LOGDRAIN_S3_BUCKET: 'my-logs' });

    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe('LOGDRAIN_S3_REGION');
    expect(problems[0]?.allowed).toContain('AWS_REGION');
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      LOGDRAIN_S3_PREFIX: 'logs/',
      LOGDRAIN_S3_KMS_KEY_ID: 'a b',
    });

    expect(problems.map((p) => p.variable)).toEqual([
      'LOGDRAIN_S3_BUCKET',
      'LOGDRAIN_S3_KMS_KEY_ID',
      'LOGDRAIN_S3_REGION',
    ]);
  });
});
