import { createHmac } from 'node:crypto';
import { ConfigError } from '@logdrain/core';
import {
  assertLayerBuilt,
  extensionLog,
  type MotoPeer,
  motoJsonCall,
  startHttpsReceiver,
  startMoto,
} from '@logdrain/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebhookConfig, withWebhookSecret } from '../src/config.js';
import { APP, functionMessages, makeWorkDir, startLayer } from './helpers.js';

const REGION = 'us-east-1';
const HMAC_KEY = 'whsec-from-secrets-manager';
const MISSING = `arn:aws:secretsmanager:${REGION}:123456789012:secret:logdrain/nope-AbCdEf`;

describe('LOGDRAIN_WEBHOOK_SECRET_ARN against moto', () => {
  let moto: MotoPeer;
  let secretArn: string;
  const parameterArn = `arn:aws:ssm:${REGION}:123456789012:parameter/logdrain/hook-key`;

  beforeAll(async () => {
    await assertLayerBuilt(APP);
    moto = await startMoto();
    const created = await motoJsonCall(moto.url, {
      service: 'secretsmanager',
      target: 'secretsmanager.CreateSecret',
      body: {
        Name: 'logdrain/hook',
        SecretString: JSON.stringify({ hmac: HMAC_KEY }),
      },
    });
    secretArn = String(created.ARN);
    await motoJsonCall(moto.url, {
      service: 'ssm',
      target: 'AmazonSSM.PutParameter',
      body: {
        Name: '/logdrain/hook-key',
        Value: 'whsec-from-ssm',
        Type: 'SecureString',
      },
    });
  }, 200_000);

  afterAll(async () => {
    await moto?.stop();
  });

  function configWith(arn: string) {
    return parseWebhookConfig({
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_SECRET_ARN: arn,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL: moto.url,
    });
  }

  it('reads the key from a Secrets Manager JSON secret or an SSM parameter', async () => {
    const fromSecret = await withWebhookSecret(configWith(`${secretArn}#hmac`));
    const fromParameter = await withWebhookSecret(configWith(parameterArn));

    expect(fromSecret.secret).toBe(HMAC_KEY);
    expect(fromSecret.secretSource).toBeUndefined();
    expect(fromParameter.secret).toBe('whsec-from-ssm');
  });

  it('fails naming the variable and the ARN when the secret does not exist', async () => {
    const error = await withWebhookSecret(configWith(MISSING)).catch(
      (e: unknown) => e
    );

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `LOGDRAIN_WEBHOOK_SECRET_ARN must be the ARN of a Secrets Manager secret this function may read (HTTP 404 ResourceNotFoundException), got "${MISSING}"`
    );
  });

  it('signs every request of the built layer with the key read from moto', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    await using sandbox = await startLayer({
      receiver,
      workDir: work.path,
      env: {
        LOGDRAIN_WEBHOOK_SECRET_ARN: `${secretArn}#hmac`,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.url,
      },
    });

    for (const tag of ['s1', 's2', 's3']) {
      await sandbox.invoke({ tag, lines: 20 });
    }
    await sandbox.shutdown();

    expect(sandbox.initReport.status).toBe('success');
    expect(functionMessages(receiver)).toHaveLength(60);
    const verified = receiver.requests.filter((request) => {
      const fields = Object.fromEntries(
        String(request.headers['x-logdrain-signature'])
          .split(',')
          .map((part) => part.split('='))
      );
      const expected = createHmac('sha256', HMAC_KEY)
        .update(`${fields.t}.`)
        .update(request.body)
        .digest('hex');
      return fields.v1 === expected;
    });
    expect(receiver.requests.length).toBeGreaterThan(0);
    expect(verified).toHaveLength(receiver.requests.length);
    expect(sandbox.extensionOutput.join('\n')).not.toContain(HMAC_KEY);
  }, 60_000);

  it('fails init naming the variable and the ARN when the secret cannot be read', async () => {
    await using work = await makeWorkDir();
    await using receiver = await startHttpsReceiver();
    await using sandbox = await startLayer({
      receiver,
      workDir: work.path,
      env: {
        LOGDRAIN_WEBHOOK_SECRET_ARN: MISSING,
        AWS_ENDPOINT_URL: moto.url,
      },
    });

    expect(sandbox.initReport.status).toBe('error');
    const initErrors = sandbox.apiCalls.filter((c) =>
      c.path.endsWith('/extension/init/error')
    );
    expect(initErrors.map((c) => c.status)).toEqual([202]);
    const named = extensionLog(sandbox).filter(
      (e) =>
        e.msg.includes('LOGDRAIN_WEBHOOK_SECRET_ARN must be the ARN') &&
        e.msg.includes(MISSING)
    );
    expect(named).toHaveLength(1);
    expect(receiver.requests).toHaveLength(0);
  }, 60_000);
});
