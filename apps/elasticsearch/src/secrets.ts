import { ConfigError, type Env } from '@logdrain/core';
import type { ElasticsearchAuth } from './auth-config.js';
import type { SecretReference } from './secret-arn.js';
import type { AwsCredentials } from './sigv4.js';

/** The JSON key read from a Secrets Manager JSON secret without `#key`. */
export const DEFAULT_JSON_KEYS: Readonly<
  Record<SecretReference['field'], string>
> = Object.freeze({
  apiKey: 'api_key',
  username: 'username',
  password: 'password',
});

export interface ResolveSecretsOptions {
  /** Where AWS_ENDPOINT_URL_SECRETS_MANAGER/_SSM/AWS_ENDPOINT_URL are read. */
  readonly env?: Env;
  /** Default: the AWS SDK's default chain (the function's role in Lambda). */
  readonly credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /** Per request, default 10 s. */
  readonly timeoutMs?: number;
}

interface Call {
  readonly target: string;
  readonly body: string;
  readonly endpointVariable: string;
  readonly what: string;
}

/**
 * Reads each referenced secret once (SigV4-signed Secrets Manager
 * GetSecretValue or SSM GetParameter with decryption, over node:https) and
 * returns `auth` with the values in place. Any failure throws a ConfigError
 * naming the `…_ARN` variable and the ARN, never a secret value.
 *
 * @example
 * const auth = await resolveSecrets(config.auth, config.secrets);
 */
export async function resolveSecrets(
  auth: ElasticsearchAuth,
  secrets: readonly SecretReference[],
  opts: ResolveSecretsOptions = {}
): Promise<ElasticsearchAuth> {
  if (secrets.length === 0) return auth;
  const env = opts.env ?? process.env;
  const { createSigV4Signer } = await import('./sigv4.js');
  const credentials =
    opts.credentials ??
    (await import('@aws-sdk/credential-provider-node')).defaultProvider();
  const values: Partial<Record<SecretReference['field'], string>> = {};
  for (const secret of secrets) {
    const call = callFor(secret);
    const fail = (reason: string): never => {
      throw new ConfigError([
        {
          variable: secret.variable,
          value: secret.arn,
          allowed: `the ARN of a ${call.what} this function may read (${reason})`,
        },
      ]);
    };
    const endpoint = endpointFor(env, call.endpointVariable, secret);
    if (!URL.canParse(endpoint)) fail(`bad endpoint ${endpoint}`);
    const url = new URL(endpoint);
    const sign = await createSigV4Signer({
      service: secret.service,
      region: secret.region,
      credentials,
      applyChecksum: false,
    });
    let answer: { status: number; text: string };
    try {
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
        body: call.body,
      });
      answer = await post(url, headers, call.body, opts.timeoutMs ?? 10_000);
    } catch (error) {
      return fail(
        `no answer from ${url.origin}: ${error instanceof Error ? error.message : String(error)}`
      );
    }
    if (answer.status < 200 || answer.status >= 300) {
      fail(`HTTP ${answer.status} ${errorType(answer.text)}`);
    }
    const value = secretFrom(secret, answer.text);
    if (typeof value !== 'string') fail(value.error);
    values[secret.field] = value as string;
  }
  if (auth.kind === 'apiKey') {
    return { kind: 'apiKey', apiKey: values.apiKey ?? auth.apiKey };
  }
  if (auth.kind === 'basic') {
    return {
      kind: 'basic',
      username: values.username ?? auth.username,
      password: values.password ?? auth.password,
    };
  }
  return auth;
}

function callFor(secret: SecretReference): Call {
  if (secret.service === 'secretsmanager') {
    return {
      target: 'secretsmanager.GetSecretValue',
      body: JSON.stringify({ SecretId: secret.arn }),
      endpointVariable: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
      what: 'Secrets Manager secret',
    };
  }
  return {
    target: 'AmazonSSM.GetParameter',
    body: JSON.stringify({ Name: secret.parameterName, WithDecryption: true }),
    endpointVariable: 'AWS_ENDPOINT_URL_SSM',
    what: 'SSM parameter',
  };
}

function endpointFor(env: Env, variable: string, secret: SecretReference) {
  const given = env[variable]?.trim() || env.AWS_ENDPOINT_URL?.trim();
  if (given) return given;
  const suffix = secret.region.startsWith('cn-')
    ? 'amazonaws.com.cn'
    : 'amazonaws.com';
  return `https://${secret.service}.${secret.region}.${suffix}/`;
}

/** The service's error type (`ResourceNotFoundException`), never a body. */
function errorType(text: string): string {
  try {
    const json = JSON.parse(text) as { __type?: unknown };
    if (typeof json.__type === 'string') {
      return json.__type.slice(json.__type.lastIndexOf('#') + 1).slice(0, 100);
    }
  } catch {
    // Not JSON: the status alone.
  }
  return '';
}

function secretFrom(
  secret: SecretReference,
  text: string
): string | { error: string } {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { error: 'the answer is not JSON' };
  }
  if (secret.service === 'ssm') {
    const value = (json.Parameter as { Value?: unknown } | undefined)?.Value;
    return typeof value === 'string' && value !== ''
      ? value
      : { error: 'the parameter has no value' };
  }
  const secretString = json.SecretString;
  if (typeof secretString !== 'string' || secretString === '') {
    return {
      error: 'the secret has no SecretString (binary secrets are not read)',
    };
  }
  let inner: unknown;
  try {
    inner = JSON.parse(secretString);
  } catch {
    inner = undefined;
  }
  const isObject =
    typeof inner === 'object' && inner !== null && !Array.isArray(inner);
  if (!isObject) {
    return secret.jsonKey === undefined
      ? secretString
      : {
          error: `#${secret.jsonKey} given but the secret is not a JSON object`,
        };
  }
  const key = secret.jsonKey ?? DEFAULT_JSON_KEYS[secret.field];
  const value = (inner as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== ''
    ? value
    : { error: `the secret's JSON has no string key "${key}"` };
}

async function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number
): Promise<{ status: number; text: string }> {
  const { request } =
    url.protocol === 'http:'
      ? await import('node:http')
      : await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          })
        );
        res.on('error', reject);
      }
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer within ${timeoutMs} ms`))
    );
    req.on('error', reject);
    req.end(body);
  });
}
