import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfigError,
  createSilentLogger,
  type LogEvent,
  type SendContext,
} from '@logdrain/core';
import {
  contractEvent,
  motoJsonCall,
  type RunningPeer,
  startMoto,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElasticsearchConfig } from '../src/config.js';
import { createElasticsearchDestination } from '../src/destination.js';

const REGION = 'us-east-1';
/** What Lambda gives the extension: the role's credentials. */
const ROLE = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

/** A cluster stand-in that records each request's headers, answers a bulk. */
async function startRecorder() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ errors: false, items: [{ create: { status: 201 } }] })
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function sendContext() {
  const ctx: SendContext = {
    signal: new AbortController().signal,
    attempt: 1,
    log: createSilentLogger(),
  };
  return ctx;
}

describe('secrets from Secrets Manager and SSM (moto)', () => {
  let moto: RunningPeer & { url: string };
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let apiKeyArn: string;
  let jsonSecretArn: string;
  let passwordArn: string;

  beforeAll(async () => {
    moto = (await startMoto()) as RunningPeer & { url: string };
    recorder = await startRecorder();
    const plain = await motoJsonCall(moto.url, {
      service: 'secretsmanager',
      target: 'secretsmanager.CreateSecret',
      body: { Name: 'logdrain/es-api-key', SecretString: 'a2V5OnNlY3JldA==' },
    });
    apiKeyArn = String(plain.ARN);
    const json = await motoJsonCall(moto.url, {
      service: 'secretsmanager',
      target: 'secretsmanager.CreateSecret',
      body: {
        Name: 'logdrain/es-json',
        SecretString: JSON.stringify({ api_key: 'from-json', other: 'x' }),
      },
    });
    jsonSecretArn = String(json.ARN);
    await motoJsonCall(moto.url, {
      service: 'ssm',
      target: 'AmazonSSM.PutParameter',
      body: {
        Name: '/logdrain/es-password',
        Value: 'p@ss from ssm',
        Type: 'SecureString',
      },
    });
    passwordArn = `arn:aws:ssm:${REGION}:123456789012:parameter/logdrain/es-password`;
  }, 200_000);

  afterAll(async () => {
    await recorder?.stop();
    await moto?.stop();
  });

  async function authorizationOf(env: Record<string, string>) {
    const config = parseElasticsearchConfig({
      LOGDRAIN_ES_URL: recorder.url,
      LOGDRAIN_ES_INDEX: 'logdrain-test',
      ...ROLE,
      AWS_ENDPOINT_URL: moto.url,
      ...env,
    });
    const destination = await createElasticsearchDestination(config);
    try {
      recorder.seen.length = 0;
      const outcome = await destination.send(
        [contractEvent({ tag: 'secret', n: 0 }) as LogEvent],
        sendContext()
      );
      expect(outcome).toEqual({ status: 'delivered' });
      return recorder.seen.at(-1)?.authorization;
    } finally {
      await destination.close?.();
    }
  }

  it('sends the API key read from a Secrets Manager ARN in a real bulk', async () => {
    expect(await authorizationOf({ LOGDRAIN_ES_API_KEY_ARN: apiKeyArn })).toBe(
      'ApiKey a2V5OnNlY3JldA=='
    );
  });

  it('reads api_key from a JSON secret, or the key after #', async () => {
    expect(
      await authorizationOf({ LOGDRAIN_ES_API_KEY_ARN: jsonSecretArn })
    ).toBe('ApiKey from-json');
    expect(
      await authorizationOf({
        LOGDRAIN_ES_API_KEY_ARN: `${jsonSecretArn}#other`,
      })
    ).toBe('ApiKey x');
  });

  it('sends the password read from an SSM SecureString ARN with basic auth', async () => {
    const authorization = await authorizationOf({
      LOGDRAIN_ES_USERNAME: 'writer',
      LOGDRAIN_ES_PASSWORD_ARN: passwordArn,
    });

    expect(authorization).toBe(
      `Basic ${Buffer.from('writer:p@ss from ssm').toString('base64')}`
    );
  });

  it('fails start-up naming the variable and the ARN when the secret is missing', async () => {
    const missing = `arn:aws:secretsmanager:${REGION}:123456789012:secret:logdrain/nope-AbCdEf`;
    const config = parseElasticsearchConfig({
      LOGDRAIN_ES_URL: recorder.url,
      LOGDRAIN_ES_API_KEY_ARN: missing,
      ...ROLE,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.url,
    });

    const error = await createElasticsearchDestination(config).then(
      () => undefined,
      (e: unknown) => e
    );

    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('LOGDRAIN_ES_API_KEY_ARN');
    expect(message).toContain(missing);
    expect(message).toContain('ResourceNotFoundException');
  });

  it('fails start-up naming the variable when the endpoint does not answer', async () => {
    const config = parseElasticsearchConfig({
      LOGDRAIN_ES_URL: recorder.url,
      LOGDRAIN_ES_USERNAME: 'writer',
      LOGDRAIN_ES_PASSWORD_ARN: passwordArn,
      ...ROLE,
      AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9',
    });

    await expect(createElasticsearchDestination(config)).rejects.toThrow(
      /^LOGDRAIN_ES_PASSWORD_ARN .*no answer from http:\/\/127\.0\.0\.1:9.*parameter\/logdrain\/es-password/
    );
  });
});
