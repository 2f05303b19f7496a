import {
  type AwsCredentials,
  ConfigError,
  type Env,
  readAwsCredentials,
} from '@logdrain/core';

/**
 * The function role's credentials, which Lambda puts in every extension's
 * environment; a ConfigError naming the variables when they are not there.
 *
 * @example
 * const credentials = functionCredentials(process.env);
 */
export function functionCredentials(env: Env): AwsCredentials {
  const credentials = readAwsCredentials(env);
  if (credentials === undefined) {
    throw new ConfigError([
      {
        variable: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
        value: undefined,
        allowed: "set (Lambda sets them to the function role's credentials)",
      },
    ]);
  }
  return credentials;
}
