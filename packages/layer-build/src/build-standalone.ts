import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type BuildLayerOptions,
  type BuildLayerResult,
  buildLayer,
} from './build-layer.js';
import { ELF_MACHINE, readElfHeader } from './elf.js';
import { installNode, type NodeArch } from './node-dist.js';
import { stripNode } from './strip-node.js';

/**
 * The Node.js the standalone layers carry: the newest 24.x on npm. Node 20
 * reached end of life in April 2026 and 22 ends in April 2027; 24 is
 * supported until April 2028. Its official Linux builds need glibc 2.28
 * (Amazon Linux 2023 has 2.34; Amazon Linux 2 has 2.26, too old) and are
 * the same size as 22's within 2 %.
 */
export const STANDALONE_NODE_VERSION = '24.21.0';

/** A Lambda architecture. */
export type LambdaArch = keyof typeof ELF_MACHINE;

/** Both Lambda architectures, in the order layers are built. */
export const LAMBDA_ARCHS: readonly LambdaArch[] = ['x86_64', 'arm64'];

const NPM_ARCH: Record<LambdaArch, NodeArch> = {
  x86_64: 'x64',
  arm64: 'arm64',
};

/** PublishLayerVersion takes a zip of at most 50 MB inline. */
export const STANDALONE_MAX_ZIP_BYTES = 50 * 1024 * 1024;

/**
 * Half of Lambda's 250 MB limit on a function and its layers unzipped: the
 * rest stays for the function's own code and other layers.
 */
export const STANDALONE_MAX_UNZIPPED_BYTES = 125 * 1024 * 1024;

/** What to build: the app's bundle with Node.js for one architecture. */
export interface BuildStandaloneOptions
  extends Pick<BuildLayerOptions, 'appDir' | 'name' | 'bundlePath'> {
  readonly arch: LambdaArch;
  /** Default {@link STANDALONE_NODE_VERSION}. */
  readonly nodeVersion?: string;
  /** Where Node.js binaries are cached; default `nodeCacheDir()`. */
  readonly cacheDir?: string;
}

/** What was written, and which Node.js it carries. */
export interface BuildStandaloneResult extends BuildLayerResult {
  readonly arch: LambdaArch;
  readonly nodeVersion: string;
  /** The tool that stripped the binary; undefined when it ships unstripped. */
  readonly strippedBy: string | undefined;
}

async function readElfMachine(path: string): Promise<number> {
  const file = await open(path);
  try {
    const { buffer } = await file.read(Buffer.alloc(20), 0, 20, 0);
    return readElfHeader(buffer).machine;
  } finally {
    await file.close();
  }
}

/**
 * Writes `dist/layer-standalone-<arch>.zip`: the layer plus a stripped
 * Node.js binary for `arch` from npm as `<name>/bin/node`, which the
 * launcher runs in preference to any `node` on PATH. Checks the binary's
 * ELF machine, and keeps the zip within {@link STANDALONE_MAX_ZIP_BYTES}
 * and the files within {@link STANDALONE_MAX_UNZIPPED_BYTES}.
 *
 * @example
 * await buildStandaloneLayer({ appDir: 'apps/webhook', name: 'logdrain-webhook', arch: 'arm64' });
 */
export async function buildStandaloneLayer(
  opts: BuildStandaloneOptions
): Promise<BuildStandaloneResult> {
  const nodeVersion = opts.nodeVersion ?? STANDALONE_NODE_VERSION;
  const downloaded = await installNode({
    version: nodeVersion,
    arch: NPM_ARCH[opts.arch],
    cacheDir: opts.cacheDir,
  });
  const { path: binary, strippedBy } = await stripNode(
    downloaded,
    NPM_ARCH[opts.arch]
  );
  const machine = await readElfMachine(binary);
  if (machine !== ELF_MACHINE[opts.arch]) {
    throw new Error(
      `${binary} is for ELF machine 0x${machine.toString(16)}, not ${opts.arch}`
    );
  }
  const result = await buildLayer({
    appDir: opts.appDir,
    name: opts.name,
    bundlePath: opts.bundlePath,
    outPath: join('dist', `layer-standalone-${opts.arch}.zip`),
    maxZipBytes: STANDALONE_MAX_ZIP_BYTES,
    maxUnzippedBytes: STANDALONE_MAX_UNZIPPED_BYTES,
    node: {
      binary,
      license: join(dirname(dirname(downloaded)), 'LICENSE'),
    },
  });
  return { ...result, arch: opts.arch, nodeVersion, strippedBy };
}
