import { describe, expect, it } from 'vitest';
import { createEnvReader, type Env } from '../src/env-reader.js';
import { readSecretSetting } from '../src/secret-setting.js';

const ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:logdrain/hook-AbCdEf';
const ROLE = {
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'role-secret',
  AWS_SESSION_TOKEN: 'role-token',
};

function settingOf(env: Env, defaultJsonKey?: string) {
  const read = createEnvReader(env);
  const setting = readSecretSetting({
    read,
    env,
    variable: 'LOGDRAIN_X_SECRET',
    ...(defaultJsonKey === undefined ? {} : { defaultJsonKey }),
  });
  return { setting, problems: read.problems };
}

describe('readSecretSetting', () => {
  it('is undefined when neither variable is set, the value when only it is', () => {
    expect(settingOf({ ...ROLE, LOGDRAIN_X_SECRET: ' ' })).toEqual({
      setting: undefined,
      problems: [],
    });
    expect(settingOf({ LOGDRAIN_X_SECRET: 's3cret' })).toEqual({
      setting: { kind: 'value', value: 's3cret' },
      problems: [],
    });
  });

  it('captures the ARN, the role credentials and the regional endpoint', () => {
    const { setting, problems } = settingOf(
      { ...ROLE, LOGDRAIN_X_SECRET_ARN: `${ARN}#hmac` },
      'secret'
    );

    expect(problems).toEqual([]);
    expect(setting).toEqual({
      kind: 'arn',
      source: {
        variable: 'LOGDRAIN_X_SECRET_ARN',
        where: {
          service: 'secretsmanager',
          region: 'eu-west-1',
          arn: ARN,
          jsonKey: 'hmac',
          parameterName: undefined,
        },
        endpoint: 'https://secretsmanager.eu-west-1.amazonaws.com/',
        credentials: {
          accessKeyId: 'ASIAEXAMPLE',
          secretAccessKey: 'role-secret',
          sessionToken: 'role-token',
        },
        defaultJsonKey: 'secret',
      },
    });
  });

  it('takes the service endpoint override before AWS_ENDPOINT_URL, and .com.cn in China', () => {
    const ssm = 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/k';
    const endpointOf = (env: Env) => {
      const { setting } = settingOf({ ...ROLE, ...env });
      return setting?.kind === 'arn' ? setting.source.endpoint : setting;
    };

    expect(endpointOf({ LOGDRAIN_X_SECRET_ARN: ssm })).toBe(
      'https://ssm.cn-north-1.amazonaws.com.cn/'
    );
    expect(
      endpointOf({
        LOGDRAIN_X_SECRET_ARN: ssm,
        AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:5000',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:6000',
      })
    ).toBe('http://127.0.0.1:5000');
    expect(
      endpointOf({
        LOGDRAIN_X_SECRET_ARN: ARN,
        AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:5000',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:6000',
      })
    ).toBe('http://127.0.0.1:6000');
  });

  it('names both variables, never the value, when both are set', () => {
    const { setting, problems } = settingOf({
      ...ROLE,
      LOGDRAIN_X_SECRET: 'do-not-show',
      LOGDRAIN_X_SECRET_ARN: ARN,
    });

    expect(setting).toEqual({ kind: 'invalid' });
    expect(problems).toEqual([
      {
        variable: 'LOGDRAIN_X_SECRET and LOGDRAIN_X_SECRET_ARN',
        value: ARN,
        allowed:
          'one of the two: LOGDRAIN_X_SECRET holds the value, LOGDRAIN_X_SECRET_ARN where to read it',
      },
    ]);
  });

  it('reports a malformed ARN, missing credentials and a bad endpoint', () => {
    const bad = settingOf({ ...ROLE, LOGDRAIN_X_SECRET_ARN: 'logdrain/hook' });
    const noRole = settingOf({ LOGDRAIN_X_SECRET_ARN: ARN });
    const badEndpoint = settingOf({
      ...ROLE,
      LOGDRAIN_X_SECRET_ARN: ARN,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'ftp://user:pw@host',
    });

    expect(bad.setting).toEqual({ kind: 'invalid' });
    expect(bad.problems.map((p) => [p.variable, p.value])).toEqual([
      ['LOGDRAIN_X_SECRET_ARN', 'logdrain/hook'],
    ]);
    expect(noRole.setting).toEqual({ kind: 'invalid' });
    expect(noRole.problems.map((p) => p.variable)).toEqual([
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    ]);
    expect(badEndpoint.setting).toEqual({ kind: 'invalid' });
    expect(badEndpoint.problems.map((p) => [p.variable, p.value])).toEqual([
      ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'ftp://***@host'],
    ]);
  });
});
