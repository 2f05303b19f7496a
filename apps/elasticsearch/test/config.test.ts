import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type Env } from '@logdrain/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElasticsearchConfig } from '../src/config.js';

const URL_ONLY = { LOGDRAIN_ES_URL: 'https://search.example.com:9200' };
/** What Lambda gives the extension: the role's credentials. */
const ROLE = {
  AWS_ACCESS_KEY_ID: 'ASIAROLE',
  AWS_SECRET_ACCESS_KEY: 'role-secret',
};

function problemsOf(env: Env) {
  try {
    parseElasticsearchConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseElasticsearchConfig', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'es-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the data stream logs-aws.lambda-default and no auth by default', () => {
    const config = parseElasticsearchConfig(URL_ONLY);

    expect(config).toEqual({
      url: 'https://search.example.com:9200/',
      index: 'logs-aws.lambda-default',
      dataStream: true,
      installTemplate: false,
      auth: { kind: 'none' },
      secrets: [],
      ca: undefined,
      maxBulkBytes: 5 * 1024 * 1024,
      timeoutMs: 10_000,
      warnings: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['not a URL', 'search.example.com'],
    ['plain http to a remote host', 'http://search.example.com'],
  ])('fails naming LOGDRAIN_ES_URL when it is %s', (_, url) => {
    const error = problemsOf({ LOGDRAIN_ES_URL: url });

    expect(error.problems.map((p) => p.variable)).toEqual(['LOGDRAIN_ES_URL']);
    expect(error.message).toContain('LOGDRAIN_ES_URL must be an https URL');
  });

  it('takes basic credentials from the URL and never shows them', () => {
    const config = parseElasticsearchConfig({
      LOGDRAIN_ES_URL: 'https://writer:s3cret@search.example.com',
    });
    const error = problemsOf({
      LOGDRAIN_ES_URL: 'http://writer:s3cret@search.example.com',
    });

    expect(config.url).toBe('https://search.example.com/');
    expect(config.auth).toEqual({
      kind: 'basic',
      username: 'writer',
      password: 's3cret',
    });
    expect(error.message).not.toContain('s3cret');
  });

  it('reads an API key', () => {
    const config = parseElasticsearchConfig({
      ...URL_ONLY,
      LOGDRAIN_ES_API_KEY: 'a2V5OnNlY3JldA==',
    });

    expect(config.auth).toEqual({ kind: 'apiKey', apiKey: 'a2V5OnNlY3JldA==' });
  });

  it('reads SigV4 with the service and AWS_REGION', () => {
    const config = parseElasticsearchConfig({
      ...URL_ONLY,
      LOGDRAIN_ES_AUTH: 'sigv4',
      LOGDRAIN_ES_SERVICE: 'aoss',
      AWS_REGION: 'eu-west-1',
    });

    expect(config.auth).toEqual({
      kind: 'sigv4',
      service: 'aoss',
      region: 'eu-west-1',
    });
  });

  it('refuses two authentication methods, without showing the key', () => {
    const error = problemsOf({
      ...URL_ONLY,
      LOGDRAIN_ES_API_KEY: 'a2V5OnNlY3JldA==',
      LOGDRAIN_ES_USERNAME: 'writer',
      LOGDRAIN_ES_PASSWORD: 'pw',
    });

    expect(error.problems.map((p) => p.variable)).toEqual([
      'LOGDRAIN_ES_API_KEY',
    ]);
    expect(error.message).not.toContain('a2V5OnNlY3JldA==');
  });

  it('warns and keeps 5 MiB when LOGDRAIN_ES_MAX_BULK_BYTES is above 10 MiB', () => {
    const config = parseElasticsearchConfig({
      ...URL_ONLY,
      LOGDRAIN_ES_MAX_BULK_BYTES: '20MiB',
    });

    expect(config.maxBulkBytes).toBe(5 * 1024 * 1024);
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain('LOGDRAIN_ES_MAX_BULK_BYTES');
  });

  it('reads a plain index, a CA file and the template switch', async () => {
    const path = join(dir, 'ca.pem');
    const pem =
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    await writeFile(path, pem);

    const config = parseElasticsearchConfig({
      ...URL_ONLY,
      LOGDRAIN_ES_INDEX: 'lambda-logs',
      LOGDRAIN_ES_CA_FILE: path,
      LOGDRAIN_ES_INSTALL_TEMPLATE: 'true',
    });

    expect(config.index).toBe('lambda-logs');
    expect(config.dataStream).toBe(false);
    expect(config.ca).toBe(pem);
    expect(config.installTemplate).toBe(true);
  });

  it('reports every problem at once', () => {
    const error = problemsOf({
      LOGDRAIN_ES_INDEX: 'Bad Index',
      LOGDRAIN_ES_CA_FILE: join(dir, 'missing.pem'),
      LOGDRAIN_ES_USERNAME: 'writer',
      LOGDRAIN_ES_PASSWORD_ARN: 'arn:aws:s3:::bucket/pw',
    });

    expect(error.problems.map((p) => p.variable)).toEqual([
      'LOGDRAIN_ES_URL',
      'LOGDRAIN_ES_INDEX',
      'LOGDRAIN_ES_PASSWORD_ARN',
      'LOGDRAIN_ES_CA_FILE',
    ]);
  });

  it('keeps Secrets Manager and SSM ARNs for start-up, with an empty value in auth until then', () => {
    const config = parseElasticsearchConfig({
      ...URL_ONLY,
      ...ROLE,
      LOGDRAIN_ES_USERNAME_ARN:
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:es-AbCdEf#user',
      LOGDRAIN_ES_PASSWORD_ARN:
        'arn:aws:ssm:eu-west-1:123456789012:parameter/logdrain/es/pw',
    });

    expect(config.auth).toEqual({ kind: 'basic', username: '', password: '' });
    const credentials = {
      accessKeyId: 'ASIAROLE',
      secretAccessKey: 'role-secret',
      sessionToken: undefined,
    };
    expect(config.secrets).toEqual([
      {
        field: 'username',
        source: {
          variable: 'LOGDRAIN_ES_USERNAME_ARN',
          where: {
            service: 'secretsmanager',
            region: 'eu-west-1',
            arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:es-AbCdEf',
            jsonKey: 'user',
            parameterName: undefined,
          },
          endpoint: 'https://secretsmanager.eu-west-1.amazonaws.com/',
          credentials,
          defaultJsonKey: 'username',
        },
      },
      {
        field: 'password',
        source: {
          variable: 'LOGDRAIN_ES_PASSWORD_ARN',
          where: {
            service: 'ssm',
            region: 'eu-west-1',
            arn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/logdrain/es/pw',
            jsonKey: undefined,
            parameterName: '/logdrain/es/pw',
          },
          endpoint: 'https://ssm.eu-west-1.amazonaws.com/',
          credentials,
          defaultJsonKey: 'password',
        },
      },
    ]);
  });

  it('reads an API key ARN as the API key method; a flat parameter name keeps no slash', () => {
    const config = parseElasticsearchConfig({
      ...URL_ONLY,
      ...ROLE,
      LOGDRAIN_ES_API_KEY_ARN:
        'arn:aws:ssm:us-gov-west-1:123456789012:parameter/es-key',
    });

    expect(config.auth).toEqual({ kind: 'apiKey', apiKey: '' });
    expect(config.secrets[0]).toMatchObject({
      field: 'apiKey',
      source: { where: { region: 'us-gov-west-1', parameterName: 'es-key' } },
    });
  });

  it('refuses a variable set together with its _ARN twin, naming both', () => {
    const error = problemsOf({
      ...URL_ONLY,
      ...ROLE,
      LOGDRAIN_ES_API_KEY: 'abc',
      LOGDRAIN_ES_API_KEY_ARN:
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:es',
    });

    expect(error.problems.map((p) => p.variable)).toEqual([
      'LOGDRAIN_ES_API_KEY and LOGDRAIN_ES_API_KEY_ARN',
    ]);
    expect(error.message).not.toContain('abc');
  });

  it.each([
    'arn:aws:s3:::bucket/key',
    'arn:aws:secretsmanager:eu-west-1:123456789012:parameter/x',
    'arn:aws:secretsmanager::123456789012:secret:es',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:es#',
    'arn:aws:ssm:eu-west-1:123456789012:parameter/',
    'arn:aws:ssm:eu-west-1:12345:parameter/pw',
    'not an arn',
  ])('refuses the malformed ARN %s', (arn) => {
    const error = problemsOf({
      ...URL_ONLY,
      ...ROLE,
      LOGDRAIN_ES_API_KEY_ARN: arn,
    });

    expect(error.problems).toEqual([
      expect.objectContaining({
        variable: 'LOGDRAIN_ES_API_KEY_ARN',
        value: arn,
      }),
    ]);
  });

  it('counts a secret ARN as a credential that sigv4 refuses', () => {
    const error = problemsOf({
      ...URL_ONLY,
      LOGDRAIN_ES_AUTH: 'sigv4',
      AWS_REGION: 'eu-west-1',
      ...ROLE,
      LOGDRAIN_ES_API_KEY_ARN:
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:es',
    });

    expect(error.problems.map((p) => p.variable)).toEqual(['LOGDRAIN_ES_AUTH']);
  });
});
