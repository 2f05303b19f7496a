import { describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../src/core-config.js';
import {
  resolveLogLevel,
  resolveOnConfigError,
} from '../src/early-settings.js';
import { ConfigError } from '../src/errors.js';

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    parseCoreConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseCoreConfig', () => {
  it('uses the documented defaults', () => {
    const config = parseCoreConfig({});

    expect(config).toEqual({
      types: ['platform', 'function'],
      flush: { kind: 'adaptive' },
      bufferMaxBytes: 16 * 1024 * 1024,
      spillMaxBytes: 128 * 1024 * 1024,
      include: undefined,
      exclude: undefined,
      minLevel: undefined,
      redact: { names: [], patterns: [] },
      onConfigError: 'fail',
      logLevel: 'warn',
      telemetry: { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 25 },
      listenerPort: 0,
      listenerHost: undefined,
      warnings: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.telemetry)).toBe(true);
  });

  it('reads every setting', () => {
    const config = parseCoreConfig({
      LOGDRAIN_TYPES: 'function,extension',
      LOGDRAIN_FLUSH: 'periodic:2000',
      LOGDRAIN_BUFFER_MAX_BYTES: '32MiB',
      LOGDRAIN_SPILL_MAX_BYTES: '0',
      LOGDRAIN_INCLUDE: '/order/i',
      LOGDRAIN_EXCLUDE: 'health',
      LOGDRAIN_MIN_LEVEL: 'warning',
      LOGDRAIN_REDACT: 'email,/token=\\w{2,8}/',
      LOGDRAIN_ON_CONFIG_ERROR: 'disable',
      LOGDRAIN_LOG_LEVEL: 'INFO',
      LOGDRAIN_TELEMETRY_MAX_ITEMS: '1000',
      LOGDRAIN_TELEMETRY_MAX_BYTES: '1MiB',
      LOGDRAIN_TELEMETRY_TIMEOUT_MS: '25',
      LOGDRAIN_LISTENER_PORT: '4243',
      LOGDRAIN_LISTENER_HOST: '0.0.0.0',
    });

    expect(config).toMatchObject({
      types: ['function', 'extension'],
      flush: { kind: 'periodic', intervalMs: 2000 },
      bufferMaxBytes: 32 * 1024 * 1024,
      spillMaxBytes: 0,
      minLevel: 'WARN',
      onConfigError: 'disable',
      logLevel: 'info',
      telemetry: { maxItems: 1000, maxBytes: 1_048_576, timeoutMs: 25 },
      listenerPort: 4243,
      listenerHost: '0.0.0.0',
      warnings: [],
    });
    expect(config.include?.flags).toBe('i');
    expect(config.exclude?.source).toBe('health');
    expect(config.redact.names).toEqual(['email']);
    expect(config.redact.patterns.map(String)).toEqual(['/token=\\w{2,8}/g']);
  });

  it('names the value and the allowed range of a bad LOGDRAIN_BUFFER_MAX_BYTES and keeps the default', () => {
    const config = parseCoreConfig({ LOGDRAIN_BUFFER_MAX_BYTES: '1000' });

    expect(config.bufferMaxBytes).toBe(16 * 1024 * 1024);
    expect(config.warnings).toEqual([
      'LOGDRAIN_BUFFER_MAX_BYTES must be an integer from 1048576 to 1073741824 bytes (1 MiB to 1 GiB; KiB, MiB and GiB suffixes are accepted), got "1000"; using the default 16777216',
    ]);
  });

  it('falls back with one warning per malformed optional setting', () => {
    const config = parseCoreConfig({
      LOGDRAIN_TYPES: 'platform,logs',
      LOGDRAIN_FLUSH: 'sometimes',
      LOGDRAIN_MIN_LEVEL: 'LOUD',
      LOGDRAIN_INCLUDE: '(',
      LOGDRAIN_LOG_LEVEL: 'chatty',
      LOGDRAIN_TELEMETRY_TIMEOUT_MS: '10',
      LOGDRAIN_TELEMETRY_MAX_ITEMS: '20000',
      LOGDRAIN_TELEMETRY_MAX_BYTES: '1000',
      LOGDRAIN_LISTENER_PORT: '9001',
      LOGDRAIN_ON_CONFIG_ERROR: 'ignore',
    });

    expect(config).toMatchObject({
      types: ['platform', 'function'],
      flush: { kind: 'adaptive' },
      minLevel: undefined,
      include: undefined,
      logLevel: 'warn',
      telemetry: { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 25 },
      listenerPort: 0,
      onConfigError: 'fail',
    });
    expect(config.warnings).toHaveLength(10);
    expect(config.warnings).toContain(
      'LOGDRAIN_TELEMETRY_TIMEOUT_MS must be an integer from 25 to 30000, got "10"; using the default 25'
    );
    expect(config.warnings).toContain(
      'LOGDRAIN_LISTENER_PORT must be a port from 0 to 65535 other than 9001 (reserved by Lambda), got "9001"; using the default 0 (the OS chooses)'
    );
    expect(config.warnings).toContain(
      'LOGDRAIN_FLUSH must be adaptive, end, periodic:<ms> or continuous:<ms> with ms from 100 to 3600000, got "sometimes"; using the default adaptive'
    );
  });

  it('fails on an unknown redaction name or a bad redaction regex, naming each', () => {
    const error = problemsOf({ LOGDRAIN_REDACT: 'email,phone,/a(/' });

    expect(error.problems.map((p) => p.value)).toEqual(['phone', '/a(/']);
    expect(error.problems.every((p) => p.variable === 'LOGDRAIN_REDACT')).toBe(
      true
    );
  });

  it('accepts LOGDRAIN_REDACT as a JSON array and regexes holding commas', () => {
    const a = parseCoreConfig({
      LOGDRAIN_REDACT: '["credit-card", "/\\\\d{3,4}/"]',
    });
    const b = parseCoreConfig({
      LOGDRAIN_REDACT: '/x{1,2}/i, bearer-token , /a,b/',
    });

    expect(a.redact.names).toEqual(['credit-card']);
    expect(a.redact.patterns.map(String)).toEqual(['/\\d{3,4}/g']);
    expect(b.redact.names).toEqual(['bearer-token']);
    expect(b.redact.patterns.map(String)).toEqual(['/x{1,2}/gi', '/a,b/g']);
  });

  it('fails on a LOGDRAIN_REDACT array that is not strings, and on an unterminated regex', () => {
    const a = problemsOf({ LOGDRAIN_REDACT: '[1, 2]' });
    const b = problemsOf({ LOGDRAIN_REDACT: '/abc' });

    expect(a.problems).toHaveLength(1);
    expect(b.problems).toHaveLength(1);
  });
});

describe('resolveLogLevel', () => {
  it('prefers LOGDRAIN_LOG_LEVEL, then AWS_LAMBDA_LOG_LEVEL, then warn', () => {
    expect([
      resolveLogLevel({
        LOGDRAIN_LOG_LEVEL: 'debug',
        AWS_LAMBDA_LOG_LEVEL: 'ERROR',
      }),
      resolveLogLevel({ AWS_LAMBDA_LOG_LEVEL: 'TRACE' }),
      resolveLogLevel({ AWS_LAMBDA_LOG_LEVEL: 'FATAL' }),
      resolveLogLevel({ LOGDRAIN_LOG_LEVEL: 'silent' }),
      resolveLogLevel({}),
    ]).toEqual(['debug', 'debug', 'error', 'silent', 'warn']);
  });
});

describe('resolveOnConfigError', () => {
  it('reads the setting alone, defaulting to fail', () => {
    expect([
      resolveOnConfigError({ LOGDRAIN_ON_CONFIG_ERROR: 'Disable' }),
      resolveOnConfigError({ LOGDRAIN_ON_CONFIG_ERROR: 'x' }),
      resolveOnConfigError({}),
    ]).toEqual(['disable', 'fail', 'fail']);
  });
});
