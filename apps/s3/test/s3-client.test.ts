import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSigV4Signer } from '@logdrain/core';
import { describe, expect, it } from 'vitest';
import { parseS3Config } from '../src/config.js';
import { resolveS3Address } from '../src/s3-address.js';
import {
  createS3Client,
  putObjectRequest,
  S3_SIGNING,
  type S3Client,
} from '../src/s3-client.js';

// The example credentials of AWS's Signature Version 4 test suite.
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'token/+=',
};
const BODY = Buffer.from('{"message":"hello"}\n');
const INPUT = {
  key: 'logs/a b/été=1/(x).ndjson',
  body: BODY,
  bodySha256: createHash('sha256').update(BODY).digest('hex'),
  contentType: 'application/x-ndjson',
  contentEncoding: undefined,
};

async function signedFor(bucket: string) {
  const address = resolveS3Address({
    bucket,
    region: 'eu-west-1',
    endpoint: undefined,
  });
  const sign = await createSigV4Signer({
    ...S3_SIGNING,
    region: address.signingRegion,
    credentials: CREDENTIALS,
  });
  const url = new URL(address.origin);
  const { path, headers } = putObjectRequest(
    address,
    { storageClass: 'STANDARD_IA', kmsKeyId: 'alias/logs' },
    INPUT
  );
  // As core's createAwsClient signs what createS3Client sends it.
  const signed = await sign(
    {
      method: 'PUT',
      protocol: url.protocol,
      hostname: url.hostname,
      path,
      headers,
      body: INPUT.body,
      payloadHash: INPUT.bodySha256,
    },
    { signingDate: new Date('2026-01-20T09:14:02Z') }
  );
  return { origin: address.origin, path, headers: signed };
}

const SIGNED_HEADERS =
  'content-length;content-type;host;x-amz-checksum-sha256;x-amz-content-sha256;x-amz-date;x-amz-sdk-checksum-algorithm;x-amz-security-token;x-amz-server-side-encryption;x-amz-server-side-encryption-aws-kms-key-id;x-amz-storage-class';

describe('putObjectRequest signed as createS3Client signs it', () => {
  // Both signatures come from core's signer since the checksum headers
  // were added (the earlier ones, without them, were pinned from
  // @smithy/signature-v4 5.7.5, no longer installed). Cross-checked: once
  // by hand with botocore 1.44.8's S3SigV4Auth (moto's Python) on this exact
  // request, date and credentials, which gave the same two values, and
  // on every run by moto's signature verification in signed-put.test.ts.
  it('signs a virtual-hosted PUT of a key with spaces, unicode, "=" and parentheses, with its SHA-256 checksum', async () => {
    const signed = await signedFor('my-logs');

    expect(signed.origin).toBe('https://my-logs.s3.eu-west-1.amazonaws.com');
    expect(signed.path).toBe('/logs/a%20b/%C3%A9t%C3%A9%3D1/%28x%29.ndjson');
    expect(signed.headers).toEqual({
      host: 'my-logs.s3.eu-west-1.amazonaws.com',
      'content-type': 'application/x-ndjson',
      'content-length': '20',
      'x-amz-checksum-sha256': 'VL+lXWVX3PGhHz6EXmSS5P4081oNZ1H0Xg6K533zbng=',
      'x-amz-sdk-checksum-algorithm': 'SHA256',
      'x-amz-storage-class': 'STANDARD_IA',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'alias/logs',
      'x-amz-content-sha256':
        '54bfa55d6557dcf1a11f3e845e6492e4fe34f35a0d6751f45e0e8ae77df36e78',
      'x-amz-date': '20260120T091402Z',
      'x-amz-security-token': 'token/+=',
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260120/eu-west-1/s3/aws4_request, SignedHeaders=${SIGNED_HEADERS}, Signature=e1f48d11516ec9a1dcd297c7b11c863150369df188199b700e560281abeec46d`,
    });
  });

  it('signs a bucket with dots path style', async () => {
    const signed = await signedFor('my.logs');

    expect(signed.origin).toBe('https://s3.eu-west-1.amazonaws.com');
    expect(signed.path).toBe(
      '/my.logs/logs/a%20b/%C3%A9t%C3%A9%3D1/%28x%29.ndjson'
    );
    expect(signed.headers.host).toBe('s3.eu-west-1.amazonaws.com');
    expect(signed.headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260120/eu-west-1/s3/aws4_request, SignedHeaders=${SIGNED_HEADERS}, Signature=dbab6d5d6b8af8b7828eb2b3c0f19c7ea4cebe8102238953145213e1d8cb5795`
    );
  });
});

describe('createS3Client', () => {
  it('PUTs again at once, signed in the clock of its Date header, when S3 answers RequestTimeTooSkewed', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const paths: (string | undefined)[] = [];
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      paths.push(req.url);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString());
        if (seen.length > 1) return res.writeHead(200).end();
        res
          .writeHead(403, { date: 'Tue, 20 Jan 2099 09:14:02 GMT' })
          .end(
            '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>'
          );
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const beforeMs = Date.now();
    let answer: Awaited<ReturnType<S3Client['putObject']>>;
    try {
      const client = await createS3Client({
        config: parseS3Config({
          LOGDRAIN_S3_BUCKET: 'logs',
          LOGDRAIN_S3_ENDPOINT: `http://127.0.0.1:${port}`,
          AWS_REGION: 'eu-west-1',
        }),
        credentials: CREDENTIALS,
      });
      answer = await client.putObject(INPUT, new AbortController().signal);
      await client.close();
    } finally {
      server.close();
    }
    const afterMs = Date.now();

    expect(answer).toBeUndefined();
    // Path style under the endpoint, the key's segments encoded once.
    expect(paths).toEqual([
      '/logs/logs/a%20b/%C3%A9t%C3%A9%3D1/%28x%29.ndjson',
      '/logs/logs/a%20b/%C3%A9t%C3%A9%3D1/%28x%29.ndjson',
    ]);
    expect(bodies).toEqual([BODY.toString(), BODY.toString()]);
    // The first signed at this machine's clock (to the second).
    const firstMs = Date.parse(
      String(seen[0]?.['x-amz-date']).replace(
        /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/,
        '$1-$2-$3T$4:$5:$6Z'
      )
    );
    expect(firstMs).toBeGreaterThanOrEqual(Math.floor(beforeMs / 1000) * 1000);
    expect(firstMs).toBeLessThanOrEqual(afterMs);
    // Within a minute of the server's clock, whatever this machine's says.
    expect(seen[1]?.['x-amz-date']).toMatch(
      /^20990120T0914\d\dZ$|^20990120T0915\d\dZ$/
    );
    expect(seen[1]?.['x-amz-content-sha256']).toBe(INPUT.bodySha256);
  });
});
