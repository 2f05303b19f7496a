import type { AwsCredentials } from './aws-credentials.js';
import { ConfigError } from './errors.js';
import type { SecretArn } from './secret-arn.js';

/**
 * Everything needed to read one secret, captured when the settings are
 * read (see readSecretSetting). Holds credentials: never log it.
 *
 * @example
 * const value = await readSecret(source satisfies SecretSource);
 */
export interface SecretSource {
  /** The `…_ARN` variable that named it, for error messages. */
  readonly variable: string;
  readonly where: SecretArn;
  /** The service's endpoint: an AWS_ENDPOINT_URL_* override or the regional one. */
  readonly endpoint: string;
  /** The function role's, from the environment Lambda gives extensions. */
  readonly credentials: AwsCredentials;
  /** The key read from a JSON object secret whose ARN names none. */
  readonly defaultJsonKey: string | undefined;
}

/**
 * Options of {@link readSecret}.
 *
 * @example
 * const opts: ReadSecretOptions = { timeoutMs: 5_000 };
 */
export interface ReadSecretOptions {
  /**
   * The whole call: connecting, the answer, a re-send at the server's
   * clock; default 10 s.
   */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Reads a secret once: Secrets Manager GetSecretValue (the SecretString,
 * or one key of it when it is a JSON object) or SSM GetParameter with
 * decryption, SigV4-signed over node:https. The HTTP and signing code
 * loads at the first call, so a layer whose settings name no ARN never
 * loads it. Any failure is a ConfigError naming the variable and the ARN
 * and the service's error type, never a secret's value.
 *
 * @example
 * const setting = readSecretSetting({ read, env, variable: 'LOGDRAIN_WEBHOOK_SECRET' });
 * const secret = setting?.kind === 'arn' ? await readSecret(setting.source) : setting?.value;
 */
export async function readSecret(
  source: SecretSource,
  opts: ReadSecretOptions = {}
): Promise<string> {
  const { where } = source;
  const what =
    where.service === 'ssm' ? 'an SSM parameter' : 'a Secrets Manager secret';
  const fail = (reason: string): never => {
    throw new ConfigError([
      {
        variable: source.variable,
        value: where.arn,
        allowed: `the ARN of ${what} this function may read (${reason})`,
      },
    ]);
  };
  const [{ createAwsClient }, { postAwsJson }, { awsErrorOf }] =
    await Promise.all([
      import('./aws-client.js'),
      import('./aws-json-call.js'),
      import('./aws-answer.js'),
    ]);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = await createAwsClient({
    endpoint: source.endpoint,
    service: where.service,
    region: where.region,
    credentials: source.credentials,
    connectTimeoutMs: timeoutMs,
    timeoutMs,
  });
  const [target, body] =
    where.service === 'ssm'
      ? [
          'AmazonSSM.GetParameter',
          { Name: where.parameterName, WithDecryption: true },
        ]
      : ['secretsmanager.GetSecretValue', { SecretId: where.arn }];
  const signal = AbortSignal.timeout(timeoutMs);
  const answer = await postAwsJson(client, {
    target,
    body: Buffer.from(JSON.stringify(body)),
    signal,
  })
    .catch((error: unknown) => {
      const why = signal.aborted
        ? `no answer within ${timeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error);
      return fail(`no answer from ${new URL(source.endpoint).origin}: ${why}`);
    })
    .finally(() => client.close());
  if (answer.status < 200 || answer.status >= 300) {
    const type = awsErrorOf(answer).code.slice(0, 100);
    return fail(`HTTP ${answer.status} ${type}`.trim());
  }
  const value = secretIn(source, answer.text);
  return typeof value === 'string' ? value : fail(value.error);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function secretIn(source: SecretSource, text: string) {
  const answer = parseJson(text) as Record<string, unknown> | undefined;
  if (typeof answer !== 'object' || answer === null) {
    return { error: 'the answer is not JSON' };
  }
  if (source.where.service === 'ssm') {
    const value = (answer.Parameter as { Value?: unknown } | undefined)?.Value;
    return typeof value === 'string' && value !== ''
      ? value
      : { error: 'the parameter has no value' };
  }
  const secret = answer.SecretString;
  if (typeof secret !== 'string' || secret === '') {
    return {
      error: 'the secret has no SecretString (binary secrets are not read)',
    };
  }
  const inner = parseJson(secret);
  const key = source.where.jsonKey ?? source.defaultJsonKey;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    return source.where.jsonKey === undefined
      ? secret
      : {
          error: `#${source.where.jsonKey} given but the secret is not a JSON object`,
        };
  }
  if (key === undefined) {
    return {
      error: 'the secret is a JSON object: name its key with #<key>',
    };
  }
  const value = (inner as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== ''
    ? value
    : { error: `the secret's JSON has no string key "${key}"` };
}
