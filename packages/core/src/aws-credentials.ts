import type { Env } from './env-reader.js';
import { ConfigError } from './errors.js';

/**
 * AWS credentials: an access key pair and, for a role, its session token.
 *
 * @example
 * const credentials: AwsCredentials = { accessKeyId: 'AKIA…', secretAccessKey: '…' };
 */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/**
 * The function role's credentials as Lambda hands them to the function and
 * its extensions: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN. Undefined when either half of the key pair is unset.
 *
 * @example
 * const credentials = readAwsCredentials(process.env);
 */
export function readAwsCredentials(env: Env): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN?.trim() || undefined;
  return { accessKeyId, secretAccessKey, sessionToken };
}

/**
 * The function role's credentials (see readAwsCredentials), or a
 * ConfigError naming AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when
 * either is unset; `purpose` ends what the error says is allowed.
 *
 * @example
 * const credentials = requireAwsCredentials(process.env, 'with LOGDRAIN_ES_AUTH=sigv4');
 */
export function requireAwsCredentials(
  env: Env,
  purpose?: string
): AwsCredentials {
  const credentials = readAwsCredentials(env);
  if (credentials !== undefined) return credentials;
  const why = purpose === undefined ? '' : ` ${purpose}`;
  throw new ConfigError([
    {
      variable: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      value: undefined,
      allowed: `set (Lambda sets them to the function role's credentials)${why}`,
    },
  ]);
}
