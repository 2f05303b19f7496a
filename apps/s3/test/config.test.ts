import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type Env } from '@logdrain/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseS3Config } from '../src/config.js';

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
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the URL and leaves the CA unset by default', () => {
    const config = parseS3Config({
      LOGDRAIN_S3_URL: 'https://logs.example.com/in',
    });

    expect(config).toEqual({
      url: 'https://logs.example.com/in',
      ca: undefined,
      warnings: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('accepts plain http to a loopback host', () => {
    const config = parseS3Config({
      LOGDRAIN_S3_URL: 'http://127.0.0.1:4318/in',
    });

    expect(config.url).toBe('http://127.0.0.1:4318/in');
  });

  it('reads the CA file', async () => {
    const path = join(dir, 'ca.pem');
    const pem =
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    await writeFile(path, pem);

    const config = parseS3Config({
      LOGDRAIN_S3_URL: 'https://logs.example.com/in',
      LOGDRAIN_S3_CA_FILE: path,
    });

    expect(config.ca).toBe(pem);
  });

  it.each([
    ['missing', undefined],
    ['not a URL', 'logs.example.com/in'],
    ['plain http to a remote host', 'http://logs.example.com/in'],
    ['another scheme', 'ftp://logs.example.com/in'],
  ])('names LOGDRAIN_S3_URL when it is %s', (_, url) => {
    const problems = problemsOf({ LOGDRAIN_S3_URL: url });

    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe('LOGDRAIN_S3_URL');
    expect(problems[0]?.value).toBe(url);
  });

  it('names LOGDRAIN_S3_CA_FILE when the file is unreadable', () => {
    const missing = join(dir, 'missing.pem');

    const problems = problemsOf({
      LOGDRAIN_S3_URL: 'https://logs.example.com/in',
      LOGDRAIN_S3_CA_FILE: missing,
    });

    expect(problems).toEqual([
      {
        variable: 'LOGDRAIN_S3_CA_FILE',
        value: missing,
        allowed: 'the path of a readable PEM file holding a CA certificate',
      },
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      LOGDRAIN_S3_CA_FILE: join(dir, 'missing.pem'),
    });

    expect(problems.map((p) => p.variable)).toEqual([
      'LOGDRAIN_S3_URL',
      'LOGDRAIN_S3_CA_FILE',
    ]);
  });
});
