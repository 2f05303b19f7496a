import type { Env, EnvReader } from '@logdrain/core';

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

const ARN_VARIABLES = [
  'LOGDRAIN_ES_API_KEY_ARN',
  'LOGDRAIN_ES_USERNAME_ARN',
  'LOGDRAIN_ES_PASSWORD_ARN',
];

/**
 * Reads how requests authenticate: SigV4 when LOGDRAIN_ES_AUTH=sigv4, else
 * an API key, else basic credentials (variables, or those in the URL),
 * else none. Two methods at once, half a basic pair or an `…_ARN`
 * variable are problems; secrets are shown by their length only.
 *
 * @example
 * const auth = readAuth(read, env, new URL('https://search.example.com'));
 */
export function readAuth(
  read: EnvReader,
  env: Env,
  url: URL | undefined
): ElasticsearchAuth {
  for (const variable of ARN_VARIABLES) {
    if (read.string(variable) === undefined) continue;
    read.problem({
      variable,
      value: env[variable],
      allowed: `unset: reading secrets from Secrets Manager or SSM is not supported yet (use ${variable.slice(0, -4)})`,
    });
  }
  const mode = read.string('LOGDRAIN_ES_AUTH')?.toLowerCase();
  const apiKey = read.string('LOGDRAIN_ES_API_KEY');
  const urlUser = url ? decodeURIComponent(url.username) : '';
  const urlPassword = url ? decodeURIComponent(url.password) : '';
  const username =
    read.string('LOGDRAIN_ES_USERNAME') ?? (urlUser || undefined);
  const password =
    read.string('LOGDRAIN_ES_PASSWORD') ?? (urlPassword || undefined);
  const hidden = (text: string | undefined) =>
    text === undefined ? undefined : `(${text.length} characters, not shown)`;
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
