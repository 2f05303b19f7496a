import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@logdrain/core';
import { createSelfSignedCert } from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebhookConfig } from '../src/config.js';

const URL_ALLOWED =
  'an https URL (plain http only to a loopback host: 127.0.0.0/8, ::1 or localhost, or with LOGDRAIN_WEBHOOK_ALLOW_HTTP=true)';

function problemsOf(env: Record<string, string>) {
  try {
    parseWebhookConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseWebhookConfig', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webhook-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the URL and uses the documented defaults', () => {
    const config = parseWebhookConfig({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
    });

    expect(config).toEqual({
      url: 'https://logs.example.com/in',
      headers: {},
      secret: undefined,
      format: 'json',
      compression: 'gzip',
      ca: undefined,
      timeoutMs: 5_000,
      warnings: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every optional setting', () => {
    const config = parseWebhookConfig({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_HEADERS: '{"Authorization":"Bearer t0k","X-Shard":7}',
      LOGDRAIN_WEBHOOK_SECRET: 'whsec',
      LOGDRAIN_WEBHOOK_FORMAT: 'NDJSON',
      LOGDRAIN_WEBHOOK_COMPRESSION: 'none',
      LOGDRAIN_WEBHOOK_TIMEOUT_MS: '2500',
    });

    expect(config.headers).toEqual({
      authorization: 'Bearer t0k',
      'x-shard': '7',
    });
    expect(config.secret).toBe('whsec');
    expect(config.format).toBe('ndjson');
    expect(config.compression).toBe('none');
    expect(config.timeoutMs).toBe(2_500);
  });

  it('accepts headers as name=value pairs', () => {
    const config = parseWebhookConfig({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_HEADERS: 'x-api-key = a=b, X-Team=payments,',
    });

    expect(config.headers).toEqual({
      'x-api-key': 'a=b',
      'x-team': 'payments',
    });
  });

  it.each([
    'http://127.0.0.1:8080/in',
    'http://127.9.9.9/in',
    'http://[::1]:9000/in',
    'http://localhost/in',
  ])('accepts plain http to the loopback URL %s', (url) => {
    const config = parseWebhookConfig({ LOGDRAIN_WEBHOOK_URL: url });

    expect(config.url).toBe(url);
  });

  it('accepts plain http to another host with LOGDRAIN_WEBHOOK_ALLOW_HTTP=true', () => {
    const config = parseWebhookConfig({
      LOGDRAIN_WEBHOOK_URL: 'http://collector.internal/in',
      LOGDRAIN_WEBHOOK_ALLOW_HTTP: 'true',
    });

    expect(config.url).toBe('http://collector.internal/in');
  });

  it.each([
    ['is missing', {}, undefined],
    ['is blank', { LOGDRAIN_WEBHOOK_URL: '  ' }, undefined],
    [
      'is not a URL',
      { LOGDRAIN_WEBHOOK_URL: 'logs.example.com' },
      'logs.example.com',
    ],
    [
      'has another scheme',
      { LOGDRAIN_WEBHOOK_URL: 'ftp://x.example/' },
      'ftp://x.example/',
    ],
    [
      'is plain http to a remote host',
      { LOGDRAIN_WEBHOOK_URL: 'http://logs.example.com/in' },
      'http://logs.example.com/in',
    ],
  ])('names LOGDRAIN_WEBHOOK_URL when it %s', (_, env, value) => {
    const problems = problemsOf(env);

    expect(problems).toEqual([
      { variable: 'LOGDRAIN_WEBHOOK_URL', value, allowed: URL_ALLOWED },
    ]);
  });

  it('says what is wrong with the URL in the error message', () => {
    const parse = () =>
      parseWebhookConfig({ LOGDRAIN_WEBHOOK_URL: 'http://10.0.0.8/in' });

    expect(parse).toThrow(
      `LOGDRAIN_WEBHOOK_URL must be ${URL_ALLOWED}, got "http://10.0.0.8/in"`
    );
  });

  it('hides credentials and query values of a refused URL', () => {
    const problems = problemsOf({
      LOGDRAIN_WEBHOOK_URL: 'http://user:pw@logs.example.com/in?token=abc&x=1',
    });

    expect(problems[0]?.value).toBe(
      'http://***@logs.example.com/in?token=***&x=***'
    );
  });

  it('hides credentials and query values of a value that is not a URL', () => {
    const values = [
      'https://user:s3cret@logs example.com/in',
      'htps//user:s3cret@logs.example.com/in?token=abc&x=1',
      'user:s3cret@logs.example.com',
    ].map((url) => problemsOf({ LOGDRAIN_WEBHOOK_URL: url })[0]?.value);

    expect(values).toEqual([
      'https://***@logs example.com/in',
      'htps//***@logs.example.com/in?token=***&x=***',
      '***@logs.example.com',
    ]);
  });

  it.each([
    ['not JSON', '{"a":'],
    ['a JSON array', '["a"]'],
    ['a pair without "="', 'authorization'],
    ['a name that is not a token', 'bad name=1'],
  ])('fails on headers that are %s without showing them', (_, value) => {
    const problems = problemsOf({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_HEADERS: value,
    });

    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe('LOGDRAIN_WEBHOOK_HEADERS');
    expect(problems[0]?.value).toBe(`(${value.length} characters, not shown)`);
  });

  it('refuses headers the layer sets itself', () => {
    const problems = problemsOf({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_HEADERS: 'x-logdrain-signature=forged',
    });

    expect(problems[0]?.allowed).toBe(
      'headers other than content-length, content-encoding, transfer-encoding, connection, host and x-logdrain-* (the layer sets those)'
    );
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      LOGDRAIN_WEBHOOK_HEADERS: 'nope',
      LOGDRAIN_WEBHOOK_SECRET_ARN: 'secret:hook',
      LOGDRAIN_WEBHOOK_CA_FILE: join(dir, 'missing.pem'),
    });

    expect(problems.map((p) => p.variable)).toEqual([
      'LOGDRAIN_WEBHOOK_URL',
      'LOGDRAIN_WEBHOOK_HEADERS',
      'LOGDRAIN_WEBHOOK_SECRET_ARN',
      'LOGDRAIN_WEBHOOK_CA_FILE',
    ]);
  });

  it('keeps where LOGDRAIN_WEBHOOK_SECRET_ARN points, with the role credentials', () => {
    const arn =
      'arn:aws:ssm:eu-west-1:123456789012:parameter/logdrain/hook-key';

    const config = parseWebhookConfig({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_SECRET_ARN: arn,
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'role-secret',
    });

    expect(config.secret).toBeUndefined();
    expect(config.secretSource).toEqual({
      variable: 'LOGDRAIN_WEBHOOK_SECRET_ARN',
      where: {
        service: 'ssm',
        region: 'eu-west-1',
        arn,
        jsonKey: undefined,
        parameterName: '/logdrain/hook-key',
      },
      endpoint: 'https://ssm.eu-west-1.amazonaws.com/',
      credentials: {
        accessKeyId: 'ASIAEXAMPLE',
        secretAccessKey: 'role-secret',
        sessionToken: undefined,
      },
      defaultJsonKey: undefined,
    });
  });

  it('refuses LOGDRAIN_WEBHOOK_SECRET with LOGDRAIN_WEBHOOK_SECRET_ARN, showing the ARN only', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook';

    const problems = problemsOf({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_SECRET: 'whsec-do-not-show',
      LOGDRAIN_WEBHOOK_SECRET_ARN: arn,
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'role-secret',
    });

    expect(new ConfigError(problems).message).toBe(
      `LOGDRAIN_WEBHOOK_SECRET and LOGDRAIN_WEBHOOK_SECRET_ARN must be one of the two: LOGDRAIN_WEBHOOK_SECRET holds the value, LOGDRAIN_WEBHOOK_SECRET_ARN where to read it, got "${arn}"`
    );
  });

  it('falls back to defaults for malformed optional settings, with one warning each', () => {
    const config = parseWebhookConfig({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_FORMAT: 'xml',
      LOGDRAIN_WEBHOOK_COMPRESSION: 'brotli',
      LOGDRAIN_WEBHOOK_TIMEOUT_MS: '5',
    });

    expect(config.format).toBe('json');
    expect(config.compression).toBe('gzip');
    expect(config.timeoutMs).toBe(5_000);
    expect(config.warnings).toEqual([
      'LOGDRAIN_WEBHOOK_FORMAT must be one of json, ndjson, got "xml"; using the default json',
      'LOGDRAIN_WEBHOOK_COMPRESSION must be one of gzip, none, got "brotli"; using the default gzip',
      'LOGDRAIN_WEBHOOK_TIMEOUT_MS must be an integer from 100 to 60000, got "5"; using the default 5000',
    ]);
  });

  it('reads a CA certificate from LOGDRAIN_WEBHOOK_CA_FILE', async () => {
    const { cert } = await createSelfSignedCert();
    const path = join(dir, 'ca.pem');
    await writeFile(path, cert);

    const config = parseWebhookConfig({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_CA_FILE: path,
    });

    expect(config.ca).toBe(cert);
  });

  it('fails on a CA file that holds no certificate', async () => {
    const path = join(dir, 'not-a-cert.pem');
    await writeFile(path, 'hello');

    const problems = problemsOf({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_CA_FILE: path,
    });

    expect(problems).toEqual([
      {
        variable: 'LOGDRAIN_WEBHOOK_CA_FILE',
        value: path,
        allowed: 'the path of a readable PEM file holding a CA certificate',
      },
    ]);
  });
});
