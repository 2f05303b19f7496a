import type { Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { secretEnvironment } from '../src/secret-input.js';
import { createStack } from './stack-fixture.js';

function resolved(stack: Stack, value: unknown) {
  return JSON.parse(JSON.stringify(stack.resolve(value)));
}

describe('secretEnvironment', () => {
  it('gives a layer that reads <variable>_ARN the ARN and exactly GetSecretValue', () => {
    const stack = createStack();
    const key = new Key(stack, 'SecretKey');
    const secret = new Secret(stack, 'ApiKey', { encryptionKey: key });
    const setup = secretEnvironment({
      variable: 'LOGDRAIN_ES_API_KEY',
      input: { secret },
      arnSupported: true,
    });
    const secretRef = {
      Ref: stack.getLogicalId(secret.node.defaultChild as never),
    };
    const keyArn = {
      'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'],
    };
    expect(resolved(stack, setup.environment)).toEqual({
      LOGDRAIN_ES_API_KEY_ARN: secretRef,
    });
    expect(
      resolved(
        stack,
        setup.statements.map((s) => s.toStatementJson())
      )
    ).toEqual([
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: secretRef,
      },
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: keyArn },
    ]);
  });

  it('resolves the secret at deploy time when the layer reads only the value', () => {
    const stack = createStack();
    const secret = new Secret(stack, 'ApiKey');
    const setup = secretEnvironment({
      variable: 'LOGDRAIN_ES_API_KEY',
      input: { secret, jsonField: 'key' },
      arnSupported: false,
    });
    expect(setup.statements).toHaveLength(0);
    expect(resolved(stack, setup.environment)).toEqual({
      LOGDRAIN_ES_API_KEY: {
        'Fn::Join': [
          '',
          [
            '{{resolve:secretsmanager:',
            { Ref: stack.getLogicalId(secret.node.defaultChild as never) },
            ':SecretString:key::}}',
          ],
        ],
      },
    });
  });
});
