import { ConfigError, type Env } from '@logdrain/core';
import { describe, expect, it } from 'vitest';
import { parseCloudwatchConfig } from '../src/config.js';

const GROUP = '/aws/lambda-logdrain/orders';
const BASE: Env = {
  LOGDRAIN_CLOUDWATCH_LOG_GROUP: GROUP,
  AWS_REGION: 'eu-west-1',
};

function problemsOf(env: Env) {
  try {
    parseCloudwatchConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseCloudwatchConfig', () => {
  it('uses the defaults when only the log group is set', () => {
    const config = parseCloudwatchConfig(BASE);

    expect(config).toEqual({
      logGroup: GROUP,
      logStreamTemplate: '{yyyy}/{mm}/{dd}/logdrain/{instanceId}',
      region: 'eu-west-1',
      roleArn: undefined,
      create: true,
      format: 'json',
      endpoint: undefined,
      stsEndpoint: undefined,
      warnings: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every setting', () => {
    const config = parseCloudwatchConfig({
      ...BASE,
      LOGDRAIN_CLOUDWATCH_LOG_STREAM: '{function}/{version}/{instanceId}',
      LOGDRAIN_CLOUDWATCH_REGION: 'us-east-2',
      LOGDRAIN_CLOUDWATCH_ROLE_ARN: 'arn:aws:iam::222222222222:role/logs-in',
      LOGDRAIN_CLOUDWATCH_CREATE: 'false',
      LOGDRAIN_CLOUDWATCH_FORMAT: 'text',
      LOGDRAIN_CLOUDWATCH_ENDPOINT: 'http://127.0.0.1:5000/',
      LOGDRAIN_CLOUDWATCH_STS_ENDPOINT: 'https://sts.example.com',
    });

    expect(config).toEqual({
      logGroup: GROUP,
      logStreamTemplate: '{function}/{version}/{instanceId}',
      region: 'us-east-2',
      roleArn: 'arn:aws:iam::222222222222:role/logs-in',
      create: false,
      format: 'text',
      endpoint: 'http://127.0.0.1:5000',
      stsEndpoint: 'https://sts.example.com',
      warnings: [],
    });
  });

  it.each([
    ['missing', undefined],
    ['not a log group name', 'orders:prod'],
    ['longer than 512 characters', `/${'a'.repeat(512)}`],
  ])('names LOGDRAIN_CLOUDWATCH_LOG_GROUP when it is %s', (_, value) => {
    const problems = problemsOf({
      ...BASE,
      LOGDRAIN_CLOUDWATCH_LOG_GROUP: value,
    });

    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe('LOGDRAIN_CLOUDWATCH_LOG_GROUP');
    expect(problems[0]?.value).toBe(value);
  });

  it.each([
    ['an unknown placeholder', '{yyyy}/{host}'],
    ['a colon', 'logdrain:{instanceId}'],
    ['a star', 'logdrain*'],
  ])('names LOGDRAIN_CLOUDWATCH_LOG_STREAM when it has %s', (_, value) => {
    const problems = problemsOf({
      ...BASE,
      LOGDRAIN_CLOUDWATCH_LOG_STREAM: value,
    });

    expect(problems).toEqual([
      {
        variable: 'LOGDRAIN_CLOUDWATCH_LOG_STREAM',
        value,
        allowed:
          "a stream name of at most 400 characters without ':' or '*', with placeholders among {yyyy} {mm} {dd} {function} {version} {instanceId}",
      },
    ]);
  });

  it('names LOGDRAIN_CLOUDWATCH_REGION when neither it nor AWS_REGION is set', () => {
    const problems = problemsOf({ LOGDRAIN_CLOUDWATCH_LOG_GROUP: GROUP });

    expect(problems).toEqual([
      {
        variable: 'LOGDRAIN_CLOUDWATCH_REGION',
        value: undefined,
        allowed:
          'an AWS region such as eu-west-1 (when unset, AWS_REGION is used)',
      },
    ]);
  });

  it('takes a region of any partition, eusc-de-east-1 and us-isof-south-1 too', () => {
    expect(
      ['eusc-de-east-1', 'us-isof-south-1', 'cn-northwest-1'].map(
        (region) =>
          parseCloudwatchConfig({ ...BASE, LOGDRAIN_CLOUDWATCH_REGION: region })
            .region
      )
    ).toEqual(['eusc-de-east-1', 'us-isof-south-1', 'cn-northwest-1']);
  });

  it('names LOGDRAIN_CLOUDWATCH_REGION when it is not a region', () => {
    const problems = problemsOf({
      ...BASE,
      LOGDRAIN_CLOUDWATCH_REGION: 'Ireland',
    });

    expect(problems.map((p) => [p.variable, p.value])).toEqual([
      ['LOGDRAIN_CLOUDWATCH_REGION', 'Ireland'],
    ]);
  });

  it.each([
    'arn:aws:iam::2222:role/short-account',
    'arn:aws:iam::222222222222:user/not-a-role',
    'logs-in',
  ])('names LOGDRAIN_CLOUDWATCH_ROLE_ARN for %s', (value) => {
    const problems = problemsOf({
      ...BASE,
      LOGDRAIN_CLOUDWATCH_ROLE_ARN: value,
    });

    expect(problems).toEqual([
      {
        variable: 'LOGDRAIN_CLOUDWATCH_ROLE_ARN',
        value,
        allowed:
          'an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)',
      },
    ]);
  });

  it.each([
    ['LOGDRAIN_CLOUDWATCH_ENDPOINT', 'not a url'],
    ['LOGDRAIN_CLOUDWATCH_ENDPOINT', 'http://logs.example.com'],
    ['LOGDRAIN_CLOUDWATCH_STS_ENDPOINT', 'ftp://127.0.0.1:5000'],
  ])('names %s when it is %s', (variable, value) => {
    const problems = problemsOf({ ...BASE, [variable]: value });

    expect(problems).toEqual([
      {
        variable,
        value,
        allowed: 'an https URL (plain http only to a loopback host)',
      },
    ]);
  });

  it('falls back to the defaults with one warning each for malformed CREATE and FORMAT', () => {
    const config = parseCloudwatchConfig({
      ...BASE,
      LOGDRAIN_CLOUDWATCH_CREATE: 'maybe',
      LOGDRAIN_CLOUDWATCH_FORMAT: 'xml',
    });

    expect(config.create).toBe(true);
    expect(config.format).toBe('json');
    expect(config.warnings).toHaveLength(2);
    expect(config.warnings[0]).toContain('LOGDRAIN_CLOUDWATCH_CREATE');
    expect(config.warnings[1]).toContain('LOGDRAIN_CLOUDWATCH_FORMAT');
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      LOGDRAIN_CLOUDWATCH_LOG_STREAM: '{nope}',
      LOGDRAIN_CLOUDWATCH_ROLE_ARN: 'nope',
    });

    expect(problems.map((p) => p.variable)).toEqual([
      'LOGDRAIN_CLOUDWATCH_LOG_GROUP',
      'LOGDRAIN_CLOUDWATCH_LOG_STREAM',
      'LOGDRAIN_CLOUDWATCH_REGION',
      'LOGDRAIN_CLOUDWATCH_ROLE_ARN',
    ]);
  });
});
