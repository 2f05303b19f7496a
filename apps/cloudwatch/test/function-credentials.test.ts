import { ConfigError } from '@logdrain/core';
import { describe, expect, it } from 'vitest';
import { createCloudwatchDestination } from '../src/destination.js';
import { CONTEXT, silentLogger, testConfig } from './helpers.js';

describe('the function’s credentials', () => {
  it('fails with a ConfigError naming the variables when the function’s credentials are not set', async () => {
    const attempt = createCloudwatchDestination(
      testConfig('http://127.0.0.1:9'),
      {
        context: CONTEXT,
        log: silentLogger,
        env: { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' },
      }
    );

    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(
      /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/
    );
  });
});
