import { describe, expect, it } from 'vitest';
import { postAwsJson } from '../src/aws-json-call.js';
import { createSigV4Signer } from '../src/aws-sigv4.js';
import {
  amzDateMs,
  CREDENTIALS,
  clientFor,
  ok,
  PUT_BODY,
  startServer,
} from './support/aws-test-server.js';

describe('createAwsClient', () => {
  it('signs a JSON 1.1 PutLogEvents call to the signature @smithy/signature-v4 gives it', async () => {
    const sign = await createSigV4Signer({
      service: 'logs',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      applyChecksum: false,
    });

    const headers = await sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'logs.eu-west-1.amazonaws.com',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Logs_20140328.PutLogEvents',
        },
        body: Buffer.from(PUT_BODY),
      },
      { signingDate: new Date('2026-01-20T09:14:02Z') }
    );

    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260120/eu-west-1/logs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=7d840281004d3eb73fde1635807b33c5492d51bf6723e3b4fdee6764a5b5b3bb'
    );
  });

  it('POSTs the body as given, with its length, signed for the host and port', async () => {
    await using server = await startServer([ok]);
    const client = await clientFor(`${server.origin}/`);

    const answer = await postAwsJson(client, {
      target: 'Logs_20140328.PutLogEvents',
      body: Buffer.from(PUT_BODY),
    });
    await client.close();

    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{}');
    expect(server.seen).toHaveLength(1);
    const [request] = server.seen;
    expect(request?.path).toBe('/');
    expect(request?.body).toBe(PUT_BODY);
    expect(request?.headers['content-length']).toBe(String(PUT_BODY.length));
    expect(request?.headers['x-amz-target']).toBe('Logs_20140328.PutLogEvents');
    const url = new URL(server.origin);
    const sign = await createSigV4Signer({
      service: 'logs',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      applyChecksum: false,
    });
    const expected = await sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: Number(url.port),
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Logs_20140328.PutLogEvents',
        },
        body: PUT_BODY,
      },
      { signingDate: new Date(amzDateMs(request?.headers ?? {})) }
    );
    expect(request?.headers.authorization).toBe(expected.authorization);
  });
});
