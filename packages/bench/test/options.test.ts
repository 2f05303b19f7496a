import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from '../src/options.js';

describe('parseBenchArgs', () => {
  it('measures everything and writes docs/ by default', () => {
    const options = parseBenchArgs([]);

    expect(options).toMatchObject({
      quick: false,
      layers: [
        'webhook',
        'webhook-standalone',
        's3',
        'cloudwatch',
        'otlp',
        'elasticsearch',
      ],
      throughput: [
        'webhook',
        'webhook-standalone',
        's3',
        'cloudwatch',
        'otlp',
        'elasticsearch',
      ],
      jsonPath: 'docs/bench.json',
      svgPath: 'docs/bench.svg',
      coldStarts: 10,
    });
  });

  it('keeps --quick short, without throughput search or files', () => {
    const options = parseBenchArgs(['--quick', '--layers', 'webhook,s3']);

    expect(options).toMatchObject({
      quick: true,
      layers: ['webhook', 's3'],
      throughput: [],
      jsonPath: undefined,
      svgPath: undefined,
      coldStarts: 3,
      steadyInvokes: 30,
    });
  });

  it('leaves docs/ alone when only some layers run', () => {
    const options = parseBenchArgs(['--layers', 'webhook']);

    expect(options.jsonPath).toBeUndefined();
    expect(options.svgPath).toBeUndefined();
  });

  it('takes --throughput all and explicit paths', () => {
    const options = parseBenchArgs([
      '--throughput',
      'all',
      '--json',
      '/tmp/b.json',
    ]);

    expect(options.throughput).toHaveLength(6);
    expect(options.jsonPath).toBe('/tmp/b.json');
  });

  it('refuses an unknown layer, a bad count and an unknown option', () => {
    expect(() => parseBenchArgs(['--layers', 'kafka'])).toThrow(
      /unknown layer kafka; allowed: webhook/
    );
    expect(() => parseBenchArgs(['--cold-starts', '0'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(UsageError);
  });
});
