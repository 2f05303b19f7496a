import { readSecret } from '@logdrain/core';
import type { ElasticsearchAuth, SecretReference } from './auth-config.js';

interface ResolveSecretsOptions {
  /** Per request, default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Reads each referenced secret once with core's readSecret (Secrets
 * Manager or SSM, the function role's credentials, no AWS SDK) and returns
 * `auth` with the values in place. A secret that cannot be read throws a
 * ConfigError naming its `…_ARN` variable and the ARN, never a value.
 *
 * @example
 * const auth = await resolveSecrets(config.auth, config.secrets);
 */
export async function resolveSecrets(
  auth: ElasticsearchAuth,
  secrets: readonly SecretReference[],
  opts: ResolveSecretsOptions = {}
): Promise<ElasticsearchAuth> {
  const values: Partial<Record<SecretReference['field'], string>> = {};
  for (const { field, source } of secrets) {
    values[field] = await readSecret(source, opts);
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
