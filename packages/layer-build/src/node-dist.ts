import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Linux CPU architecture as the npm `node-linux-*` packages name it. */
export type NodeArch = 'x64' | 'arm64';

/**
 * `${XDG_CACHE_HOME:-~/.cache}/logdrain/node`: where Node.js binaries from
 * npm are kept, one folder per version and architecture. Never inside the
 * repository, so they stay out of the workspace and its lockfile.
 */
export function nodeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'logdrain', 'node');
}

/**
 * The `bin/node` of Node.js `version` for `arch` from the npm registry's
 * `node-linux-<arch>` package, downloaded on first use with `npm pack`
 * (which ignores the package's os/cpu fields, so arm64 downloads on x64)
 * into `<cacheDir>/<version>-<arch>/bin/node`. Idempotent: a second call
 * returns at once, and concurrent first calls each unpack into their own
 * folder and rename it into place.
 *
 * @example
 * const node = await installNode({ version: '24.21.0', arch: 'arm64' });
 */
export async function installNode(opts: {
  version: string;
  arch: NodeArch;
  cacheDir?: string;
}): Promise<string> {
  if (!/^\d+\.\d+\.\d+$/.test(opts.version)) {
    throw new Error(`a Node.js version is x.y.z, got ${opts.version}`);
  }
  const cacheDir = opts.cacheDir ?? nodeCacheDir();
  const dir = join(cacheDir, `${opts.version}-${opts.arch}`);
  const binary = join(dir, 'bin', 'node');
  if (existsSync(binary)) return binary;

  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, `.${opts.version}-${opts.arch}-`));
  try {
    const spec = `node-linux-${opts.arch}@${opts.version}`;
    const { stdout } = await run(
      'npm',
      ['pack', spec, '--loglevel=error', '--pack-destination', work],
      { cwd: work, maxBuffer: 1 << 20 }
    ).catch((cause: { stderr?: string }) => {
      const why = (cause.stderr ?? String(cause))
        .split('\n')
        .find((line) => line !== '' && !line.startsWith('npm error code '));
      throw new Error(`npm pack ${spec} failed: ${why}`, { cause });
    });
    const tarball = join(work, stdout.trim().split('\n').at(-1) ?? '');
    const unpacked = join(work, 'out');
    await mkdir(unpacked);
    await run('tar', [
      '-xzf',
      tarball,
      '-C',
      unpacked,
      '--strip-components=1',
      'package/bin/node',
      'package/LICENSE',
    ]);
    await rm(tarball);
    await rename(unpacked, dir).catch((error: NodeJS.ErrnoException) => {
      // Another process finished first: its copy is the same package.
      if (!existsSync(binary)) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return binary;
}
