import { describe, expect, it } from 'vitest';
import { objectPath, resolveS3Address } from '../src/s3-address.js';

const address = (bucket: string, region: string, endpoint?: string) =>
  resolveS3Address({ bucket, region, endpoint });

describe('resolveS3Address', () => {
  it('addresses a bucket virtual-hosted style in its region', () => {
    expect(address('my-logs', 'eu-west-1')).toEqual({
      origin: 'https://my-logs.s3.eu-west-1.amazonaws.com',
      pathPrefix: '',
      signingRegion: 'eu-west-1',
    });
  });

  it('addresses a bucket with dots path style (no wildcard certificate covers it)', () => {
    expect(address('logs.example.com', 'us-east-1')).toEqual({
      origin: 'https://s3.us-east-1.amazonaws.com',
      pathPrefix: '/logs.example.com',
      signingRegion: 'us-east-1',
    });
  });

  it("uses each partition's domain: China, GovCloud, ISO", () => {
    expect(address('my-logs', 'cn-north-1').origin).toBe(
      'https://my-logs.s3.cn-north-1.amazonaws.com.cn'
    );
    expect(address('my.logs', 'cn-northwest-1').origin).toBe(
      'https://s3.cn-northwest-1.amazonaws.com.cn'
    );
    expect(address('my-logs', 'us-gov-west-1').origin).toBe(
      'https://my-logs.s3.us-gov-west-1.amazonaws.com'
    );
    expect(address('my-logs', 'us-iso-east-1').origin).toBe(
      'https://my-logs.s3.us-iso-east-1.c2s.ic.gov'
    );
  });

  it('addresses an access point ARN at its own host, signed for its region', () => {
    expect(
      address(
        'arn:aws:s3:us-west-2:123456789012:accesspoint/logs-ap',
        'eu-west-1'
      )
    ).toEqual({
      origin:
        'https://logs-ap-123456789012.s3-accesspoint.us-west-2.amazonaws.com',
      pathPrefix: '',
      signingRegion: 'us-west-2',
    });
    expect(
      address(
        'arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/logs',
        'cn-north-1'
      ).origin
    ).toBe(
      'https://logs-123456789012.s3-accesspoint.cn-north-1.amazonaws.com.cn'
    );
  });

  it('addresses an endpoint path style, under its base path', () => {
    expect(address('logs', 'us-east-1', 'http://127.0.0.1:9000/')).toEqual({
      origin: 'http://127.0.0.1:9000',
      pathPrefix: '/logs',
      signingRegion: 'us-east-1',
    });
    expect(
      address('logs', 'auto', 'https://store.example.com/s3/').pathPrefix
    ).toBe('/s3/logs');
  });
});

describe('objectPath', () => {
  it('encodes each key segment once and keeps the slashes', () => {
    const virtual = address('my-logs', 'eu-west-1');
    const pathStyle = address('my.logs', 'eu-west-1');
    const key = 'team a/function=orders/été/$LATEST/(x)*~_.-+.ndjson';

    expect(objectPath(virtual, key)).toBe(
      '/team%20a/function%3Dorders/%C3%A9t%C3%A9/%24LATEST/%28x%29%2A~_.-%2B.ndjson'
    );
    expect(objectPath(pathStyle, 'a//b')).toBe('/my.logs/a//b');
  });
});
