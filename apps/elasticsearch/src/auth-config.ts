import {
  type Env,
  type EnvReader,
  readSecretSetting,
  type SecretSource,
} from '@logdrain/core';

/** How requests prove who sends them. Secrets never reach a log line. */
export type ElasticsearchAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'apiKey'; readonly apiKey: string }
  | {
      readonly kind: 'basic';
      readonly username: string;
      readonly password: string;
    }
  | {
      readonly kind: 'sigv4';
      readonly service: 'es' | 'aoss';
      readonly region: string;
    };

/** A credential named by an `…_ARN` variable, read at start-up. */
export interface SecretReference {
  /** Which credential it holds. */
  readonly field: 'apiKey' | 'username' | 'password';
  readonly source: SecretSource;
}

/** The JSON key read from a Secrets Manager JSON secret without `#key`. */
const DEFAULT_JSON_KEYS: Readonly<Record<SecretReference['field'], string>> = {
  apiKey: 'api_key',
  username: 'username',
  password: 'password',
};

/**
 * Reads how requests authenticate: SigV4 when LOGDRAIN_ES_AUTH=sigv4, else
 * an API key, else basic credentials (variables, or those in the URL),
 * else none. Each secret may instead come from its `…_ARN` twin (Secrets
 * Manager or SSM, see core's readSecretSetting), pushed to `secrets` and
 * fetched at start-up by resolveSecrets; its value here is '' until then. Two methods at once, half
 * a basic pair, a malformed ARN or a variable set with its `…_ARN` twin are
 * problems; secrets are shown by their length only.
 *
 * @example
 * const auth = readAuth(read, env, new URL('https://search.example.com'));
 */
export function readAuth(
  read: EnvReader,
  env: Env,
  url: URL | undefined,
  secrets: SecretReference[] = []
): ElasticsearchAuth {
  const hidden = (text: string | undefined) =>
    text === undefined ? undefined : `(${text.length} characters, not shown)`;
  const secret = (variable: string, field: SecretReference['field']) => {
    const setting = readSecretSetting({
      read,
      env,
      variable,
      defaultJsonKey: DEFAULT_JSON_KEYS[field],
    });
    if (setting === undefined) return undefined;
    if (setting.kind === 'value') return setting.value;
    if (setting.kind === 'arn') secrets.push({ field, source: setting.source });
    return '';
  };
  const mode = read.string('LOGDRAIN_ES_AUTH')?.toLowerCase();
  const apiKey = secret('LOGDRAIN_ES_API_KEY', 'apiKey');
  const urlUser = url ? decodeURIComponent(url.username) : '';
  const urlPassword = url ? decodeURIComponent(url.password) : '';
  const username =
    secret('LOGDRAIN_ES_USERNAME', 'username') ?? (urlUser || undefined);
  const password =
    secret('LOGDRAIN_ES_PASSWORD', 'password') ?? (urlPassword || undefined);
  if (mode !== undefined && mode !== 'sigv4') {
    read.problem({
      variable: 'LOGDRAIN_ES_AUTH',
      value: mode,
      allowed:
        'sigv4, or unset (then LOGDRAIN_ES_API_KEY or LOGDRAIN_ES_USERNAME/PASSWORD choose the method)',
    });
  }
  if (mode === 'sigv4') {
    const service = read.oneOf('LOGDRAIN_ES_SERVICE', ['es', 'aoss'], {
      default: 'es',
    });
    const region =
      read.string('LOGDRAIN_ES_REGION') ?? read.string('AWS_REGION') ?? '';
    if (region === '') {
      read.problem({
        variable: 'LOGDRAIN_ES_REGION',
        value: undefined,
        allowed: 'the AWS region of the domain (AWS_REGION is used when set)',
      });
    }
    if (apiKey !== undefined || username !== undefined) {
      read.problem({
        variable: 'LOGDRAIN_ES_AUTH',
        value: mode,
        allowed:
          'sigv4 alone: unset LOGDRAIN_ES_API_KEY, LOGDRAIN_ES_USERNAME and credentials in LOGDRAIN_ES_URL',
      });
    }
    return { kind: 'sigv4', service, region };
  }
  if (apiKey !== undefined) {
    if (username !== undefined) {
      read.problem({
        variable: 'LOGDRAIN_ES_API_KEY',
        value: hidden(apiKey),
        allowed: 'one method: an API key or a username and password, not both',
      });
    }
    return { kind: 'apiKey', apiKey };
  }
  if (username !== undefined || password !== undefined) {
    if (username === undefined || password === undefined) {
      read.problem({
        variable:
          username === undefined
            ? 'LOGDRAIN_ES_USERNAME'
            : 'LOGDRAIN_ES_PASSWORD',
        value: undefined,
        allowed: 'set together with the other half of basic authentication',
      });
    }
    return {
      kind: 'basic',
      username: username ?? '',
      password: password ?? '',
    };
  }
  return { kind: 'none' };
}
