import { ConfigError } from '@logdrain/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigV4Signer } from '../src/sigv4.js';

const REQUEST = {
  method: 'POST',
  protocol: 'https:',
  hostname: 'search-logs.eu-west-1.es.amazonaws.com',
  path: '/_bulk',
  headers: {},
  body: '{}',
};
const AT = { signingDate: new Date('2026-01-20T09:14:02Z') };

// The signature itself is core's (packages/core/test/aws-sigv4.test.ts).
describe('createSigV4Signer (elasticsearch)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('signs with the function role’s credentials from the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAROLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'role-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'role-token');
    const fromEnv = await createSigV4Signer({
      service: 'es',
      region: 'eu-west-1',
    });
    const given = await createSigV4Signer({
      service: 'es',
      region: 'eu-west-1',
      credentials: {
        accessKeyId: 'ASIAROLE',
        secretAccessKey: 'role-secret',
        sessionToken: 'role-token',
      },
    });

    const headers = await fromEnv(REQUEST, AT);

    expect(headers['x-amz-security-token']).toBe('role-token');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAROLE\/20260120\/eu-west-1\/es\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/
    );
    expect(headers).toEqual(await given(REQUEST, AT));
  });

  it('fails naming the variables when the environment holds no credentials', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');

    const attempt = createSigV4Signer({ service: 'aoss', region: 'eu-west-1' });

    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(
      /^AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set/
    );
  });
});
