import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type Env } from '@logdrain/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOtlpConfig } from '../src/config.js';

function errorOf(env: Env): ConfigError {
  try {
    parseOtlpConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const BASE = { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com' };

describe('parseOtlpConfig', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'otlp-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends /v1/logs to the base endpoint and applies the defaults', () => {
    const config = parseOtlpConfig(BASE);

    expect(config).toEqual({
      url: 'https://otlp.example.com/v1/logs',
      protocol: 'http/protobuf',
      headers: {},
      compression: 'gzip',
      timeoutMs: 10_000,
      ca: undefined,
      serviceName: undefined,
      resourceAttributes: {},
      warnings: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('keeps a base path and adds the signal path after it', () => {
    const config = parseOtlpConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/otlp/',
    });

    expect(config.url).toBe('http://127.0.0.1:4318/otlp/v1/logs');
  });

  it('uses the logs endpoint as the full URL, winning over the base one', () => {
    const config = parseOtlpConfig({
      ...BASE,
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'https://logs.example.com/custom',
    });

    expect(config.url).toBe('https://logs.example.com/custom');
  });

  it('reads every other standard variable, logs-specific ones first', async () => {
    const caFile = join(dir, 'ca.pem');
    const pem =
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    await writeFile(caFile, pem);

    const config = parseOtlpConfig({
      ...BASE,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=one,x-team=pay%20ments',
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'API-Key=two',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
      OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_CERTIFICATE: caFile,
      OTEL_SERVICE_NAME: 'checkout',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,team=a%2Cb',
    });

    expect(config).toMatchObject({
      protocol: 'http/json',
      headers: { 'api-key': 'two', 'x-team': 'pay ments' },
      compression: 'none',
      timeoutMs: 2_500,
      ca: pem,
      serviceName: 'checkout',
      resourceAttributes: {
        'deployment.environment.name': 'prod',
        team: 'a,b',
      },
      warnings: [],
    });
  });

  it('fails naming OTEL_EXPORTER_OTLP_ENDPOINT when no endpoint is set', () => {
    const error = errorOf({});

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.variable).toBe('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(error.message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT must be');
    expect(error.message).toContain('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'otlp.example.com:4318'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'ftp://otlp.example.com'],
    ['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'not a url'],
  ])('names %s when it is %j', (variable, value) => {
    const error = errorOf({ [variable]: value });

    expect(error.problems.map((p) => p.variable)).toEqual([variable]);
  });

  it.each(['grpc', 'http/xml'])(
    'refuses the protocol %j listing the allowed ones',
    (protocol) => {
      const error = errorOf({ ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: protocol });

      expect(error.problems).toHaveLength(1);
      expect(error.message).toContain(
        `OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json`
      );
      expect(error.message).toContain(`got "${protocol}"`);
    }
  );

  it('refuses malformed headers without echoing their value', () => {
    const error = errorOf({
      ...BASE,
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization secret-token',
    });

    expect(error.problems.map((p) => p.variable)).toEqual([
      'OTEL_EXPORTER_OTLP_HEADERS',
    ]);
    expect(error.message).not.toContain('secret-token');
  });

  it('refuses headers the layer sets itself', () => {
    const error = errorOf({
      ...BASE,
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'content-type=text/plain',
    });

    expect(error.problems.map((p) => p.variable)).toEqual([
      'OTEL_EXPORTER_OTLP_LOGS_HEADERS',
    ]);
  });

  it('names the certificate variable when the file is unreadable', () => {
    const missing = join(dir, 'missing.pem');

    const error = errorOf({ ...BASE, OTEL_EXPORTER_OTLP_CERTIFICATE: missing });

    expect(error.problems).toEqual([
      {
        variable: 'OTEL_EXPORTER_OTLP_CERTIFICATE',
        value: missing,
        allowed: 'the path of a readable PEM file holding a CA certificate',
      },
    ]);
  });

  it('warns and falls back on malformed optional settings', () => {
    const config = parseOtlpConfig({
      ...BASE,
      OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5s',
      OTEL_RESOURCE_ATTRIBUTES: 'novalue',
    });

    expect(config.compression).toBe('gzip');
    expect(config.timeoutMs).toBe(10_000);
    expect(config.resourceAttributes).toEqual({});
    expect(config.warnings).toHaveLength(3);
    expect(config.warnings[0]).toContain('OTEL_EXPORTER_OTLP_COMPRESSION');
    expect(config.warnings[1]).toContain('OTEL_EXPORTER_OTLP_TIMEOUT');
    expect(config.warnings[2]).toContain('OTEL_RESOURCE_ATTRIBUTES');
  });

  it('reports every problem at once', () => {
    const error = errorOf({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_HEADERS: '=x',
    });

    expect(error.problems.map((p) => p.variable)).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_EXPORTER_OTLP_HEADERS',
    ]);
  });
});
