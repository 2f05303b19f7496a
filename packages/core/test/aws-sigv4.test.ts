import { describe, expect, it } from 'vitest';
import { createSigV4Signer } from '../src/aws-sigv4.js';
import {
  CREDENTIALS,
  sha256Hex,
  signatureOf,
} from './support/sigv4-reference.js';

describe('createSigV4Signer', () => {
  it('signs AWS’s get-vanilla test request to its published signature', async () => {
    const sign = await createSigV4Signer({
      service: 'service',
      region: 'us-east-1',
      credentials: CREDENTIALS,
      applyChecksum: false,
    });

    const headers = await sign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'example.amazonaws.com',
        path: '/',
        headers: {},
      },
      { signingDate: new Date('2015-08-30T12:36:00Z') }
    );

    expect(headers).toEqual({
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    });
  });

  it('signs a _bulk request for es as the algorithm defines, at a fixed clock', async () => {
    const body = Buffer.from(
      '{"create":{"_id":"a1"}}\n{"@timestamp":"2026-01-20T09:14:02.000Z","message":"hello"}\n'
    );
    const sign = await createSigV4Signer({
      service: 'es',
      region: 'eu-west-1',
      credentials: async () => CREDENTIALS,
    });

    const headers = await sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'search-logs.eu-west-1.es.amazonaws.com',
        path: '/logs-aws.lambda-default/_bulk',
        query: { filter_path: 'errors,items.*.status' },
        headers: {
          'content-type': 'application/x-ndjson',
          'content-encoding': 'gzip',
          'content-length': String(body.length),
          'user-agent': 'logdrain-elasticsearch/0.1.0',
        },
        body,
      },
      { signingDate: new Date('2026-01-20T09:14:02Z') }
    );

    // Task 1 written out: the query value URI-encoded (`*` as %2A), headers
    // lowercased and sorted, user-agent not signed, the payload's SHA-256
    // also sent as x-amz-content-sha256.
    const payloadHash = sha256Hex(body);
    const canonicalRequest = [
      'POST',
      '/logs-aws.lambda-default/_bulk',
      'filter_path=errors%2Citems.%2A.status',
      'content-encoding:gzip',
      `content-length:${body.length}`,
      'content-type:application/x-ndjson',
      'host:search-logs.eu-west-1.es.amazonaws.com',
      `x-amz-content-sha256:${payloadHash}`,
      'x-amz-date:20260120T091402Z',
      '',
      'content-encoding;content-length;content-type;host;x-amz-content-sha256;x-amz-date',
      payloadHash,
    ].join('\n');
    const expected = signatureOf({
      canonicalRequest,
      amzDate: '20260120T091402Z',
      region: 'eu-west-1',
      service: 'es',
    });
    expect(headers['x-amz-content-sha256']).toBe(payloadHash);
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260120/eu-west-1/es/aws4_request, SignedHeaders=content-encoding;content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=${expected}`
    );
    // Pinned: the same vector @smithy/signature-v4 signed to this value.
    expect(expected).toBe(
      'a41dec7dba6583f2bd6c8861d1b7839630bb6deb55eabc64f2855c5ad6521f44'
    );
  });

  it('signs the session token, a port, and a path normalised and encoded again', async () => {
    const sign = await createSigV4Signer({
      service: 'ssm',
      region: 'eu-west-1',
      credentials: { ...CREDENTIALS, sessionToken: 'token/+=' },
      applyChecksum: false,
    });

    const headers = await sign(
      {
        method: 'post',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 4566,
        path: '/a/./b/../c%2A d/',
        headers: { 'x-amz-target': '  AmazonSSM.GetParameter   now ' },
        body: '{}',
      },
      { signingDate: new Date('2026-01-20T09:14:02Z') }
    );

    const canonicalRequest = [
      'POST',
      '/a/c%252A%20d/',
      '',
      'host:127.0.0.1:4566',
      'x-amz-date:20260120T091402Z',
      'x-amz-security-token:token/+=',
      'x-amz-target:AmazonSSM.GetParameter now',
      '',
      'host;x-amz-date;x-amz-security-token;x-amz-target',
      sha256Hex('{}'),
    ].join('\n');
    const expected = signatureOf({
      canonicalRequest,
      amzDate: '20260120T091402Z',
      region: 'eu-west-1',
      service: 'ssm',
    });
    expect(headers['x-amz-security-token']).toBe('token/+=');
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260120/eu-west-1/ssm/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-target, Signature=${expected}`
    );
    // Pinned: the same request @smithy/signature-v4 signed to this value.
    expect(expected).toBe(
      '9304a4cd1010f16925e5ae448ab0f5348dacc56532cc99cb01c56ca61158adc0'
    );
  });
});
