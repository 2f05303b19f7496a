import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP, parseCliArgs } from '../src/cli-args.js';

const BIN = resolve(import.meta.dirname, '../bin/publish-layers.mjs');

describe('publish-layers command line', () => {
  it('prints the help with every option and the exit statuses', () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${HELP}\n`);
    for (const option of [
      '--layers',
      '--regions',
      '--dry-run',
      '--no-fill',
      '--principal',
      '--organization',
      '--private',
      '--concurrency',
      '--plan-out',
      '--plan ',
      '--inventory',
      '--no-write',
      '--out',
      '--table',
      '--endpoint',
      'Exit status: 0',
    ]) {
      expect(HELP).toContain(option);
    }
  });

  it('exits 2 naming an unknown option or a bad value, having published nothing', () => {
    const unknown = spawnSync(process.execPath, [BIN, '--region', 'x'], {
      encoding: 'utf8',
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(
      "publish-layers: Unknown option '--region'"
    );
    const bad = spawnSync(
      process.execPath,
      [BIN, '--regions', 'mars-north-1'],
      {
        encoding: 'utf8',
      }
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      'publish-layers: --regions: unknown region mars-north-1'
    );
  });

  it('parses repeated principals and the defaults', () => {
    const args = parseCliArgs([
      '--principal',
      '*',
      '--principal',
      '111122223333',
    ]);
    expect(args.principals).toEqual(['*', '111122223333']);
    expect(args.regions).toBe('all');
    expect(args.fill).toBe(true);
    expect(args.concurrency).toBe(8);
    expect(() => parseCliArgs(['--concurrency', '0'])).toThrow(
      '--concurrency 0: expected a whole number from 1 to 64'
    );
  });
});
