import { describe, expect, it } from 'vitest';
import { createEnvReader } from '../src/env-reader.js';
import { formatBytes, parseRegex } from '../src/env-values.js';
import { ConfigError } from '../src/errors.js';

describe('createEnvReader', () => {
  it('reads strings and treats blank values as unset', () => {
    const read = createEnvReader({ A: ' x ', B: '  ' });

    const values = [
      read.string('A'),
      read.string('B'),
      read.string('C', { default: 'd' }),
    ];

    expect(values).toEqual(['x', undefined, 'd']);
    expect(read.problems).toHaveLength(0);
  });

  it('records a problem for a missing required string', () => {
    const read = createEnvReader({});

    read.string('LOGDRAIN_WEBHOOK_URL', { required: true });

    expect(read.problems).toEqual([
      { variable: 'LOGDRAIN_WEBHOOK_URL', value: undefined, allowed: 'set' },
    ]);
  });

  it('checks URLs and their scheme', () => {
    const read = createEnvReader({
      OK: 'https://example.com/hook',
      BAD: 'not a url',
      HTTP: 'http://example.com',
    });

    const ok = read.url('OK', { required: true, protocols: ['https'] });
    read.url('BAD', { required: true });
    read.url('HTTP', { required: true, protocols: ['https'] });

    expect(ok.href).toBe('https://example.com/hook');
    expect(read.problems).toEqual([
      { variable: 'BAD', value: 'not a url', allowed: 'an absolute URL' },
      {
        variable: 'HTTP',
        value: 'http://example.com',
        allowed: 'an absolute URL with scheme https',
      },
    ]);
  });

  it('hides credentials and query values of a refused URL', () => {
    const read = createEnvReader({
      A: 'http://elastic:s3cret@es.example.com/?token=abc',
      B: 'elastic:s3cret@es.example.com',
    });

    read.url('A', { required: true, protocols: ['https'] });
    read.url('B', { protocols: ['https'] });

    expect(read.problems).toEqual([
      {
        variable: 'A',
        value: 'http://***@es.example.com/?token=***',
        allowed: 'an absolute URL with scheme https',
      },
    ]);
    expect(read.warnings).toEqual([
      'B must be an absolute URL with scheme https, got "***@es.example.com"; using no URL',
    ]);
  });

  it('warns and returns undefined for a malformed optional URL', () => {
    const read = createEnvReader({ U: 'nope' });

    const value = read.url('U');

    expect(value).toBeUndefined();
    expect(read.warnings).toEqual([
      'U must be an absolute URL, got "nope"; using no URL',
    ]);
  });

  it('reads integers in range and falls back with a warning otherwise', () => {
    const read = createEnvReader({ A: '42', B: '7', C: 'x', D: '1_000' });
    const opts = { default: 10, min: 10, max: 1_000 };

    const values = ['A', 'B', 'C', 'D', 'E'].map((n) => read.int(n, opts));

    expect(values).toEqual([42, 10, 10, 1_000, 10]);
    expect(read.warnings).toEqual([
      'B must be an integer from 10 to 1000, got "7"; using the default 10',
      'C must be an integer from 10 to 1000, got "x"; using the default 10',
    ]);
    expect(read.problems).toHaveLength(0);
  });

  it('accepts binary suffixes for byte sizes and names the range in units', () => {
    const read = createEnvReader({ A: '16MiB', B: '2 GiB', C: '16MB' });
    const opts = {
      default: 1024 ** 2,
      min: 1024 ** 2,
      max: 1024 ** 3,
      unit: 'bytes' as const,
    };

    const values = ['A', 'B', 'C'].map((n) => read.int(n, opts));

    expect(values).toEqual([16 * 1024 ** 2, 1024 ** 2, 1024 ** 2]);
    expect(read.warnings[0]).toBe(
      'B must be an integer from 1048576 to 1073741824 bytes (1 MiB to 1 GiB; KiB, MiB and GiB suffixes are accepted), got "2 GiB"; using the default 1048576'
    );
    expect(read.warnings).toHaveLength(2);
  });

  it('reads booleans', () => {
    const read = createEnvReader({ A: 'TRUE', B: 'no', C: 'maybe' });

    const values = ['A', 'B', 'C'].map((n) => read.bool(n, { default: true }));

    expect(values).toEqual([true, false, true]);
    expect(read.warnings).toHaveLength(1);
  });

  it('matches oneOf values case-insensitively and returns the canonical one', () => {
    const read = createEnvReader({ A: 'DISABLE', B: 'never' });

    const a = read.oneOf('A', ['fail', 'disable'], { default: 'fail' });
    const b = read.oneOf('B', ['fail', 'disable'], { default: 'fail' });

    expect([a, b]).toEqual(['disable', 'fail']);
    expect(read.warnings).toEqual([
      'B must be one of fail, disable, got "never"; using the default fail',
    ]);
  });

  it('reads slashed and bare regular expressions', () => {
    const read = createEnvReader({ A: '/health/i', B: 'ping|pong', C: '(' });

    const [a, b, c] = ['A', 'B', 'C'].map((n) => read.regex(n));

    expect(a?.test('HEALTH')).toBe(true);
    expect(b?.test('pong')).toBe(true);
    expect(c).toBeUndefined();
    expect(read.warnings).toHaveLength(1);
  });

  it('reads lists, deduplicated and canonical, against allowed values', () => {
    const allowed = ['platform', 'function', 'extension'] as const;
    const read = createEnvReader({
      A: 'Platform, function,platform',
      B: 'platform,logs',
      C: ' , ',
      D: 'x,y',
    });

    const a = read.list('A', { default: ['function'], allowed });
    const b = read.list('B', { default: ['function'], allowed });
    const c = read.list('C', { default: ['function'], allowed });
    const d = read.list('D', { default: [] });

    expect([a, b, c, d]).toEqual([
      ['platform', 'function'],
      ['function'],
      ['function'],
      ['x', 'y'],
    ]);
    expect(read.warnings).toEqual([
      'B must be a comma-separated list of platform, function, extension, got "platform,logs"; using the default function',
      'C must be a comma-separated list of platform, function, extension, got ","; using the default function',
    ]);
  });

  it('throws one ConfigError naming every problem', () => {
    const read = createEnvReader({ B: 'ftp://x' });
    read.string('A', { required: true });
    read.url('B', { required: true, protocols: ['https:'] });

    let thrown: unknown;
    try {
      read.throwIfInvalid();
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toHaveLength(2);
    expect((thrown as ConfigError).message).toBe(
      'A must be set, it is not set; B must be an absolute URL with scheme https, got "ftp://x"'
    );
  });

  it('does not throw when nothing is wrong', () => {
    const read = createEnvReader({});

    expect(() => read.throwIfInvalid()).not.toThrow();
  });
});

describe('parseRegex', () => {
  it('keeps flags and slashes inside the pattern', () => {
    const regex = parseRegex('/a\\/b/gi');

    expect(regex?.source).toBe('a\\/b');
    expect(regex?.flags).toBe('gi');
  });
});

describe('formatBytes', () => {
  it('uses the largest unit that divides the value', () => {
    expect([1024 ** 3, 16 * 1024 ** 2, 1536, 1000].map(formatBytes)).toEqual([
      '1 GiB',
      '16 MiB',
      '1536 bytes',
      '1000 bytes',
    ]);
  });
});
