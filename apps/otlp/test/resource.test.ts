import { describe, expect, it } from 'vitest';
import { resourceAttributes } from '../src/resource.js';
import { CONTEXT } from './helpers.js';

describe('resourceAttributes', () => {
  it('names the function after the FaaS semantic conventions', () => {
    const attributes = resourceAttributes({
      context: CONTEXT,
      serviceName: undefined,
      extra: {},
    });

    expect(attributes).toEqual({
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_lambda',
      'cloud.region': 'eu-west-1',
      'cloud.account.id': '123456789012',
      'cloud.resource_id':
        'arn:aws:lambda:eu-west-1:123456789012:function:orders:7',
      'faas.name': 'orders',
      'faas.version': '7',
      'faas.instance': 'f3b1c0de',
      'faas.max_memory': 1024 * 1_048_576,
      'host.arch': 'arm64',
      'service.name': 'orders',
    });
  });

  it('lets OTEL_RESOURCE_ATTRIBUTES override and OTEL_SERVICE_NAME win', () => {
    const attributes = resourceAttributes({
      context: { ...CONTEXT, region: 'cn-north-1', accountId: undefined },
      serviceName: 'checkout',
      extra: { 'service.name': 'ignored', 'cloud.region': 'mine', team: 'a' },
    });

    expect(attributes).toMatchObject({
      'service.name': 'checkout',
      'cloud.region': 'mine',
      team: 'a',
    });
    expect(attributes['cloud.account.id']).toBeUndefined();
    expect(attributes['cloud.resource_id']).toBeUndefined();
  });

  it('uses the partition of China and GovCloud regions', () => {
    const arn = (region: string) =>
      resourceAttributes({
        context: { ...CONTEXT, region, functionVersion: '$LATEST' },
        serviceName: undefined,
        extra: {},
      })['cloud.resource_id'];

    expect(arn('cn-north-1')).toBe(
      'arn:aws-cn:lambda:cn-north-1:123456789012:function:orders'
    );
    expect(arn('us-gov-west-1')).toBe(
      'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders'
    );
  });
});
