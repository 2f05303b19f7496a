import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRoot, runCli } from '../src/run-cli.js';

describe('runCli', () => {
  let root: string;
  let out: string;
  let err: string;

  const cli = (argv: string[], cwd = root) =>
    runCli(argv, {
      cwd,
      out: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
    });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gen-cli-'));
    await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    await mkdir(join(root, 'apps'));
    out = '';
    err = '';
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('prints the usage for --help and -h', async () => {
    const codes = [await cli(['--help']), await cli(['destination', '-h'])];

    expect(codes).toEqual([0, 0]);
    expect(
      out.match(/^Usage: pnpm gen destination <name> \[options\]$/gm)
    ).toHaveLength(2);
    expect(err).toBe('');
  });

  it.each([
    [[]],
    [['destination']],
    [['widget', 'loki']],
    [['destination', 'loki', 'extra']],
  ])('answers %j with exit code 2 and the usage', async (argv) => {
    const code = await cli(argv);

    expect(code).toBe(2);
    expect(err).toMatch(/^expected `destination <name>`/);
    expect(err).toContain('Usage: pnpm gen destination');
    expect(await readdir(join(root, 'apps'))).toEqual([]);
  });

  it('answers an unknown option with exit code 2', async () => {
    const code = await cli(['destination', 'loki', '--force']);

    expect(code).toBe(2);
    expect(err).toMatch(/^Unknown option '--force'/);
  });

  it('refuses a bad name with exit code 1 and one line', async () => {
    const code = await cli(['destination', 'Loki']);

    expect(code).toBe(1);
    expect(err).toMatch(/^pnpm gen destination: "Loki" is not kebab-case/);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('lists the files and writes nothing on --dry-run', async () => {
    const code = await cli(['destination', 'loki', '--dry-run']);

    expect(code).toBe(0);
    expect(out).toMatch(/^Would create the logdrain-loki destination/);
    expect(out).toContain('  apps/loki/src/destination.ts\n');
    expect(out).not.toContain('Next steps');
    expect(await readdir(join(root, 'apps'))).toEqual([]);
  });

  it('creates the app from a nested folder and prints the next steps', async () => {
    const nested = join(root, 'apps');

    const code = await cli(['destination', 'loki', '--no-install'], nested);

    expect(code).toBe(0);
    expect(await readdir(join(root, 'apps'))).toEqual(['loki']);
    expect(out).toContain('  .changeset/loki-destination.md\n');
    expect(out).toContain('Not formatted: ');
    expect(out).toContain('Next steps:\n  1. pnpm install');
    expect(out).toContain('pnpm --filter @logdrain/loki... build');
    expect(out).toContain('pnpm --filter @logdrain/loki test');
    expect(err).toBe('');
  });

  it('uses --root relative to the current folder', async () => {
    const code = await cli(
      ['destination', 'loki', '--no-install', '--root', '..'],
      join(root, 'apps')
    );

    expect(code).toBe(0);
    expect(await readdir(join(root, 'apps'))).toEqual(['loki']);
  });
});

describe('findRoot', () => {
  it('finds the folder holding pnpm-workspace.yaml above the start', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));

    const root = findRoot(here);

    expect(root).toBe(resolve(here, '../../..'));
  });

  it('returns undefined when no folder above holds one', () => {
    expect(findRoot('/')).toBeUndefined();
  });
});
