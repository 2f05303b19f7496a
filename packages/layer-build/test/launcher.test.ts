import { execFile } from 'node:child_process';
import {
  chmod,
  mkdir,
  mkdtemp,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderLauncher } from '../src/launcher.js';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, opts: { cwd: string; path: string }) {
  return new Promise<RunResult>((resolve) => {
    execFile(
      file,
      [],
      { cwd: opts.cwd, env: { PATH: opts.path } },
      (error, stdout, stderr) => {
        const code = error ? Number(error.code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      }
    );
  });
}

describe('renderLauncher', () => {
  let opt: string;
  let nodeBin: string;

  beforeEach(async () => {
    opt = await mkdtemp(join(tmpdir(), 'launcher-'));
    await mkdir(join(opt, 'extensions'));
    await mkdir(join(opt, 'logdrain-test'));
    await writeFile(
      join(opt, 'logdrain-test', 'index.mjs'),
      'process.stdout.write(JSON.stringify(process.argv.slice(2)));\n'
    );
    const launcher = join(opt, 'extensions', 'logdrain-test');
    await writeFile(launcher, renderLauncher({ bundleDir: 'logdrain-test' }));
    await chmod(launcher, 0o755);
    nodeBin = join(opt, 'node-bin');
    await mkdir(nodeBin);
    await symlink(process.execPath, join(nodeBin, 'node'));
  });

  afterEach(async () => {
    await rm(opt, { recursive: true, force: true });
  });

  it('runs the bundle with node from PATH and passes its file name', async () => {
    const result = await run(join(opt, 'extensions', 'logdrain-test'), {
      cwd: tmpdir(),
      path: nodeBin,
    });

    expect(result).toEqual({
      code: 0,
      stdout: '["logdrain-test"]',
      stderr: '',
    });
  });

  it('finds the bundle from a relative path and under another name', async () => {
    const renamed = join(opt, 'extensions', 'my-drain');
    await symlink(join(opt, 'extensions', 'logdrain-test'), renamed);

    const result = await run('./extensions/my-drain', {
      cwd: opt,
      path: nodeBin,
    });

    expect(result.stdout).toBe('["my-drain"]');
    expect(result.code).toBe(0);
  });

  it('prefers a node binary shipped in the layer', async () => {
    await mkdir(join(opt, 'logdrain-test', 'bin'));
    await symlink(process.execPath, join(opt, 'logdrain-test', 'bin', 'node'));

    const result = await run(join(opt, 'extensions', 'logdrain-test'), {
      cwd: opt,
      path: join(opt, 'nowhere'),
    });

    expect(result.stdout).toBe('["logdrain-test"]');
  });

  it('prints one line naming the standalone layer and exits 127 without node', async () => {
    const result = await run(join(opt, 'extensions', 'logdrain-test'), {
      cwd: opt,
      path: join(opt, 'nowhere'),
    });

    expect(result.code).toBe(127);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'logdrain-test: node was not found on PATH. This layer runs beside Node.js runtimes only; for other runtimes use the standalone layer (layer-standalone-x86_64.zip or layer-standalone-arm64.zip).',
    ]);
  });

  it('refuses a bundle folder name that would need quoting', () => {
    const render = () => renderLauncher({ bundleDir: 'a b' });

    expect(render).toThrow(/bundleDir must be a folder name/);
  });
});
