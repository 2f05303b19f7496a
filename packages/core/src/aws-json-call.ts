import type { AwsCredentials } from './aws-credentials.js';
import { createSigV4Signer } from './aws-sigv4.js';

/** One call of an AWS JSON 1.1 API (Secrets Manager, SSM). */
export interface AwsJsonCall {
  readonly endpoint: string;
  /** The signing name, `secretsmanager` or `ssm`. */
  readonly service: string;
  readonly region: string;
  /** `X-Amz-Target`, e.g. `secretsmanager.GetSecretValue`. */
  readonly target: string;
  readonly body: unknown;
  readonly credentials: AwsCredentials;
  /** For the whole call, connecting included. */
  readonly timeoutMs: number;
}

/** The answer's status and text; the caller decides what it means. */
export interface AwsJsonAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * POSTs one SigV4-signed JSON 1.1 request over node:http(s), both loaded
 * here. Rejects when there is no answer within `timeoutMs`.
 */
export async function callAwsJson(call: AwsJsonCall): Promise<AwsJsonAnswer> {
  const url = new URL(call.endpoint);
  const body = JSON.stringify(call.body);
  const sign = await createSigV4Signer({
    service: call.service,
    region: call.region,
    credentials: call.credentials,
    applyChecksum: false,
  });
  const headers = await sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: url.pathname,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': call.target,
    },
    body,
  });
  const { request } =
    url.protocol === 'http:'
      ? await import('node:http')
      : await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${call.timeoutMs} ms`)),
      call.timeoutMs
    );
    timer.unref();
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
