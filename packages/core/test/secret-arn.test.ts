import { describe, expect, it } from 'vitest';
import { parseSecretArn } from '../src/secret-arn.js';

describe('parseSecretArn', () => {
  it('reads a Secrets Manager ARN, with and without a #key', () => {
    const arn =
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:logdrain/hook-AbCdEf';

    const plain = parseSecretArn(` ${arn} `);
    const keyed = parseSecretArn(`${arn}#hmac`);

    expect(plain).toEqual({
      service: 'secretsmanager',
      region: 'eu-west-1',
      arn,
      jsonKey: undefined,
      parameterName: undefined,
    });
    expect(keyed).toEqual({ ...plain, jsonKey: 'hmac' });
  });

  it('names an SSM parameter with a leading slash when its path has one', () => {
    const nested = parseSecretArn(
      'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/logdrain/key'
    );
    const flat = parseSecretArn(
      'arn:aws:ssm:us-gov-west-1:123456789012:parameter/logdrain-key'
    );

    expect(nested).toMatchObject({
      service: 'ssm',
      region: 'cn-north-1',
      parameterName: '/logdrain/key',
    });
    expect(flat).toMatchObject({
      region: 'us-gov-west-1',
      parameterName: 'logdrain-key',
    });
  });

  it('refuses what is not a secret or parameter ARN', () => {
    const refused = [
      '',
      'logdrain/hook',
      'arn:aws:s3:::bucket',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x#',
      'arn:aws:secretsmanager:eu-west-1:1234:secret:x',
      'arn:aws:secretsmanager:eu-west-1:123456789012:parameter/x',
      'arn:aws:ssm:eu-west-1:123456789012:parameter/',
      'arn:aws:ssm:eu-west-1:123456789012:document/x',
      'arn:aws:ssm:EU-WEST-1:123456789012:parameter/x',
    ].filter((text) => parseSecretArn(text) !== undefined);

    expect(refused).toEqual([]);
  });
});
