import { describe, expect, it } from 'vitest';
import { createFunctionContext } from '../src/function-context.js';

describe('createFunctionContext', () => {
  it('combines the register answer, the environment and the process', () => {
    const context = createFunctionContext({
      register: {
        extensionId: 'id',
        functionName: 'orders-api',
        functionVersion: '7',
        handler: 'index.handler',
        accountId: '123456789012',
      },
      env: { AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024' },
      extensionName: 'logdrain-webhook',
      arch: 'arm64',
      instanceId: 'inst-1',
    });

    expect(context).toEqual({
      functionName: 'orders-api',
      functionVersion: '7',
      region: 'eu-west-1',
      memorySizeMb: 1024,
      accountId: '123456789012',
      architecture: 'arm64',
      instanceId: 'inst-1',
      extensionName: 'logdrain-webhook',
    });
    expect(Object.isFrozen(context)).toBe(true);
  });

  it('falls back to the environment and makes a random instance id', () => {
    const a = createFunctionContext({
      register: {
        extensionId: 'id',
        functionName: '',
        functionVersion: '',
        handler: '',
      },
      env: {
        AWS_LAMBDA_FUNCTION_NAME: 'f',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
      extensionName: 'x',
      arch: 'x64',
    });
    const b = createFunctionContext({
      register: {
        extensionId: 'id',
        functionName: 'f',
        functionVersion: '1',
        handler: '',
      },
      env: {},
      extensionName: 'x',
    });

    expect(a).toMatchObject({
      functionName: 'f',
      functionVersion: '$LATEST',
      region: 'us-east-1',
      memorySizeMb: 0,
      architecture: 'x86_64',
    });
    expect('accountId' in a).toBe(false);
    expect(a.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.instanceId).not.toBe(b.instanceId);
  });
});
