import {
  type AwsCredentials,
  requireAwsCredentials,
} from './aws-credentials.js';
import type { Env, EnvReader } from './env-reader.js';
import { hideUrlSecrets } from './env-values.js';
import { ConfigError } from './errors.js';
import { parseSecretArn, SECRET_ARN_ALLOWED } from './secret-arn.js';
import type { SecretSource } from './secret-read.js';

/**
 * A secret setting as given: its value, where to read it (`…_ARN`), or
 * `invalid` when a problem was recorded (the setting still counts as set).
 *
 * @example
 * const setting: SecretSetting | undefined = readSecretSetting({ read, env, variable: 'LOGDRAIN_WEBHOOK_SECRET' });
 */
export type SecretSetting =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'arn'; readonly source: SecretSource }
  | { readonly kind: 'invalid' };

/**
 * Options of {@link readSecretSetting}.
 *
 * @example
 * const opts: SecretSettingOptions = { read, env, variable: 'LOGDRAIN_ES_API_KEY', defaultJsonKey: 'api_key' };
 */
export interface SecretSettingOptions {
  readonly read: EnvReader;
  /** The same environment `read` reads. */
  readonly env: Env;
  /** The plain variable; its twin is `<variable>_ARN`. */
  readonly variable: string;
  /** The key read from a JSON object secret whose ARN names none. */
  readonly defaultJsonKey?: string;
}

const ENDPOINT_VARIABLES = {
  secretsmanager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  ssm: 'AWS_ENDPOINT_URL_SSM',
} as const;

/**
 * Reads a secret setting that may come from `<variable>` or from
 * `<variable>_ARN` (a Secrets Manager secret or SSM parameter, read later
 * by readSecret with the function role's credentials). Both set, a
 * malformed ARN, missing credentials or a malformed endpoint override
 * (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL)
 * are problems; no secret value appears in them. Undefined when unset.
 *
 * @example
 * const setting = readSecretSetting({ read, env, variable: 'LOGDRAIN_WEBHOOK_SECRET' });
 */
export function readSecretSetting(
  opts: SecretSettingOptions
): SecretSetting | undefined {
  const { read, variable } = opts;
  const arnVariable = `${variable}_ARN`;
  const value = read.string(variable);
  const arnText = read.string(arnVariable);
  if (arnText === undefined) {
    return value === undefined ? undefined : { kind: 'value', value };
  }
  if (value !== undefined) {
    read.problem({
      variable: `${variable} and ${arnVariable}`,
      value: arnText,
      allowed: `one of the two: ${variable} holds the value, ${arnVariable} where to read it`,
    });
    return { kind: 'invalid' };
  }
  const where = parseSecretArn(arnText);
  if (where === undefined) {
    read.problem({
      variable: arnVariable,
      value: arnText,
      allowed: SECRET_ARN_ALLOWED,
    });
    return { kind: 'invalid' };
  }
  const credentials = credentialsOf(read, opts.env, `to read ${arnVariable}`);
  const endpoint = endpointOf(read, where.service, where.region);
  if (credentials === undefined || endpoint === undefined) {
    return { kind: 'invalid' };
  }
  return {
    kind: 'arn',
    source: {
      variable: arnVariable,
      where,
      endpoint,
      credentials,
      defaultJsonKey: opts.defaultJsonKey,
    },
  };
}

/** The function role's credentials, else undefined and the problem reported. */
function credentialsOf(
  read: EnvReader,
  env: Env,
  purpose: string
): AwsCredentials | undefined {
  try {
    return requireAwsCredentials(env, purpose);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) read.problem(problem);
    return undefined;
  }
}

/** The AWS SDKs' endpoint overrides, else the regional endpoint. */
function endpointOf(
  read: EnvReader,
  service: SecretSource['where']['service'],
  region: string
): string | undefined {
  for (const name of [ENDPOINT_VARIABLES[service], 'AWS_ENDPOINT_URL']) {
    const given = read.string(name);
    if (given === undefined) continue;
    if (URL.canParse(given) && /^https?:$/.test(new URL(given).protocol)) {
      return given;
    }
    read.problem({
      variable: name,
      value: hideUrlSecrets(given),
      allowed: `an http or https URL of the ${service} endpoint`,
    });
    return undefined;
  }
  const suffix = region.startsWith('cn-')
    ? 'amazonaws.com.cn'
    : 'amazonaws.com';
  return `https://${service}.${region}.${suffix}/`;
}
