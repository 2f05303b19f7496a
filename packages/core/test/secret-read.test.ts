import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MotoPeer, motoJsonCall, startMoto } from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { parseSecretArn, type SecretArn } from '../src/secret-arn.js';
import { readSecret, type SecretSource } from '../src/secret-read.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

function sourceOf(
  arn: string,
  endpoint: string,
  defaultJsonKey?: string
): SecretSource {
  return {
    variable: 'LOGDRAIN_X_SECRET_ARN',
    where: parseSecretArn(arn) as SecretArn,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    defaultJsonKey,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e as Error
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error;
}

/**
 * A local server: `hold` never answers, `trickle` answers a byte every
 * 20 ms without end, anything else answers 200 text.
 */
async function startOddServer(): Promise<Server & { url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/hold') return;
    if (req.url === '/trickle') {
      res.writeHead(200);
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.end('not json');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(server, { url: `http://127.0.0.1:${port}` });
}

describe('readSecret against moto', () => {
  let moto: MotoPeer;
  let plainArn: string;
  let jsonArn: string;
  const ssmArn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/logdrain/hook`;

  beforeAll(async () => {
    moto = await startMoto();
    const plain = await motoJsonCall(moto.url, {
      service: 'secretsmanager',
      target: 'secretsmanager.CreateSecret',
      body: { Name: 'logdrain/plain', SecretString: 'plain-value' },
    });
    plainArn = String(plain.ARN);
    const json = await motoJsonCall(moto.url, {
      service: 'secretsmanager',
      target: 'secretsmanager.CreateSecret',
      body: {
        Name: 'logdrain/json',
        SecretString: JSON.stringify({ secret: 'json-value', other: 'x' }),
      },
    });
    jsonArn = String(json.ARN);
    await motoJsonCall(moto.url, {
      service: 'ssm',
      target: 'AmazonSSM.PutParameter',
      body: {
        Name: '/logdrain/hook',
        Value: 'ssm-value',
        Type: 'SecureString',
      },
    });
  }, 200_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('reads a SecretString and an SSM SecureString, decrypted', async () => {
    const plain = await readSecret(sourceOf(plainArn, moto.url));
    const ssm = await readSecret(sourceOf(ssmArn, moto.url));

    expect(plain).toBe('plain-value');
    expect(ssm).toBe('ssm-value');
  });

  it('reads one key of a JSON secret: the #key, else the default key', async () => {
    const keyed = await readSecret(sourceOf(`${jsonArn}#other`, moto.url));
    const byDefault = await readSecret(sourceOf(jsonArn, moto.url, 'secret'));
    const noKey = await failureOf(readSecret(sourceOf(jsonArn, moto.url)));
    const missing = await failureOf(
      readSecret(sourceOf(`${jsonArn}#nope`, moto.url))
    );
    const notJson = await failureOf(
      readSecret(sourceOf(`${plainArn}#secret`, moto.url))
    );

    expect(keyed).toBe('x');
    expect(byDefault).toBe('json-value');
    expect(noKey.message).toBe(
      `LOGDRAIN_X_SECRET_ARN must be the ARN of a Secrets Manager secret this function may read (the secret is a JSON object: name its key with #<key>), got "${jsonArn}"`
    );
    expect(missing.message).toContain(
      `the secret's JSON has no string key "nope"`
    );
    expect(notJson.message).toContain(
      '#secret given but the secret is not a JSON object'
    );
    for (const error of [noKey, missing, notJson]) {
      expect(error.message).not.toMatch(/json-value|plain-value/);
    }
  });

  it('names the variable, the ARN and the error type of a missing secret or parameter', async () => {
    const secret = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:logdrain/nope-AbCdEf`;
    const parameter = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/logdrain/nope`;

    const errors = await Promise.all([
      failureOf(readSecret(sourceOf(secret, moto.url))),
      failureOf(readSecret(sourceOf(parameter, moto.url))),
    ]);

    // moto answers GetSecretValue's ResourceNotFoundException with 404.
    expect(errors.map((e) => e.message)).toEqual([
      `LOGDRAIN_X_SECRET_ARN must be the ARN of a Secrets Manager secret this function may read (HTTP 404 ResourceNotFoundException), got "${secret}"`,
      `LOGDRAIN_X_SECRET_ARN must be the ARN of an SSM parameter this function may read (HTTP 400 ParameterNotFound), got "${parameter}"`,
    ]);
  });

  it('fails on no answer, a slow answer and an answer that is not JSON', async () => {
    await using odd = await startOddServer();

    const refused = await failureOf(
      readSecret(sourceOf(plainArn, 'http://127.0.0.1:9'))
    );
    const slow = await failureOf(
      readSecret(sourceOf(plainArn, `${odd.url}/hold`), { timeoutMs: 50 })
    );
    const notJson = await failureOf(readSecret(sourceOf(plainArn, odd.url)));
    const startMs = Date.now();
    const trickling = await failureOf(
      readSecret(sourceOf(plainArn, `${odd.url}/trickle`), { timeoutMs: 200 })
    );
    const tricklingMs = Date.now() - startMs;

    expect(refused.message).toMatch(
      /\(no answer from http:\/\/127\.0\.0\.1:9: connect ECONNREFUSED/
    );
    expect(slow.message).toContain(
      `(no answer from ${odd.url}: no answer within 50 ms)`
    );
    expect(notJson.message).toContain('(the answer is not JSON)');
    // Each chunk comes within the 200 ms, but the call as a whole does not.
    expect(trickling.message).toContain(
      `(no answer from ${odd.url}: no answer within 200 ms)`
    );
    expect(tricklingMs).toBeLessThan(1_000);
  });
});
