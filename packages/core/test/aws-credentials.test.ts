import { describe, expect, it } from 'vitest';
import {
  readAwsCredentials,
  requireAwsCredentials,
} from '../src/aws-credentials.js';
import { ConfigError } from '../src/errors.js';

describe('readAwsCredentials and requireAwsCredentials', () => {
  it('read the key pair and session token Lambda gives extensions, trimmed', () => {
    const env = {
      AWS_ACCESS_KEY_ID: ' ASIAEXAMPLE ',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    };
    const expected = {
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    };

    expect(readAwsCredentials(env)).toEqual(expected);
    expect(requireAwsCredentials(env)).toEqual(expected);
  });

  it('require: a ConfigError naming both variables when either is unset, ending with the purpose', () => {
    const failures = [
      { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' },
      { AWS_SECRET_ACCESS_KEY: 'secret', AWS_ACCESS_KEY_ID: ' ' },
    ].map((env, n) => {
      try {
        requireAwsCredentials(env, n === 0 ? undefined : 'to read X_ARN');
        return undefined;
      } catch (error) {
        return error;
      }
    });

    expect(failures.map((e) => e instanceof ConfigError)).toEqual([true, true]);
    expect(failures.map((e) => (e as Error).message)).toEqual([
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them to the function role's credentials), it is not set",
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them to the function role's credentials) to read X_ARN, it is not set",
    ]);
  });
});
