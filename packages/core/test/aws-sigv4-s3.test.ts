import { describe, expect, it } from 'vitest';
import { createSigV4Signer, escapeUri } from '../src/aws-sigv4.js';
import {
  CREDENTIALS,
  sha256Hex,
  signatureOf,
} from './support/sigv4-reference.js';

describe('createSigV4Signer for S3', () => {
  it('signs an S3 path as sent, and a payload hash given instead of hashing the body', async () => {
    const sign = await createSigV4Signer({
      service: 's3',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      normalizePath: false,
    });
    const payloadHash = sha256Hex('the body as sent');

    const headers = await sign(
      {
        method: 'PUT',
        protocol: 'https:',
        hostname: 'my-logs.s3.eu-west-1.amazonaws.com',
        path: '/a//b/./c%20d%3D1.gz',
        headers: { 'content-type': 'application/x-ndjson' },
        body: 'not what is hashed',
        payloadHash,
      },
      { signingDate: new Date('2026-01-20T09:14:02Z') }
    );

    // Not normalised (the empty and `.` segments stay), not encoded again.
    const canonicalRequest = [
      'PUT',
      '/a//b/./c%20d%3D1.gz',
      '',
      'content-type:application/x-ndjson',
      'host:my-logs.s3.eu-west-1.amazonaws.com',
      `x-amz-content-sha256:${payloadHash}`,
      'x-amz-date:20260120T091402Z',
      '',
      'content-type;host;x-amz-content-sha256;x-amz-date',
      payloadHash,
    ].join('\n');
    const expected = signatureOf({
      canonicalRequest,
      amzDate: '20260120T091402Z',
      region: 'eu-west-1',
      service: 's3',
    });
    expect(headers['x-amz-content-sha256']).toBe(payloadHash);
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260120/eu-west-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=${expected}`
    );
  });
});

describe('escapeUri', () => {
  it('keeps the unreserved characters and encodes every other UTF-8 byte', () => {
    expect(escapeUri("AZaz09-._~ !'()*/=+$é")).toBe(
      'AZaz09-._~%20%21%27%28%29%2A%2F%3D%2B%24%C3%A9'
    );
  });
});
