import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { type BuildLayerResult, buildLayer } from './build-layer.js';
import {
  buildStandaloneLayer,
  LAMBDA_ARCHS,
  type LambdaArch,
} from './build-standalone.js';

const USAGE = `usage: logdrain-build-layer --name <extension-name> [--app-dir <dir>] [--bundle <path>] [--out <path>] [--max-bytes <n>]
       logdrain-build-layer --name <extension-name> --standalone [--arch x86_64,arm64] [--node-version <x.y.z>] [--app-dir <dir>] [--bundle <path>]
`;

function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function printEntries(result: BuildLayerResult): void {
  for (const entry of result.entries) {
    process.stdout.write(`  ${entry}\n`);
  }
}

function parseArchs(text: string): LambdaArch[] | undefined {
  const archs = text.split(',').map((a) => a.trim());
  return archs.every((a) => (LAMBDA_ARCHS as readonly string[]).includes(a))
    ? (archs as LambdaArch[])
    : undefined;
}

async function buildStandalone(opts: {
  appDir: string;
  name: string;
  bundlePath: string | undefined;
  archText: string;
  nodeVersion: string | undefined;
}): Promise<number> {
  const archs = parseArchs(opts.archText);
  if (archs === undefined) {
    process.stderr.write(
      `--arch must list x86_64 and/or arm64, got ${opts.archText}\n`
    );
    return 2;
  }
  for (const arch of archs) {
    const result = await buildStandaloneLayer({ ...opts, arch });
    const where = relative(process.cwd(), result.zipPath) || result.zipPath;
    const stripped = result.strippedBy
      ? `stripped by ${result.strippedBy}`
      : 'unstripped: no strip tool reads this architecture';
    process.stdout.write(
      `${where}: ${formatMb(result.zipBytes)} zipped (${result.zipBytes} bytes), ${formatMb(result.unzippedBytes)} unzipped; Node.js ${result.nodeVersion} ${arch}, ${stripped}\n`
    );
    printEntries(result);
  }
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      name: { type: 'string' },
      'app-dir': { type: 'string', default: '.' },
      bundle: { type: 'string' },
      out: { type: 'string' },
      'max-bytes': { type: 'string' },
      standalone: { type: 'boolean', default: false },
      arch: { type: 'string', default: LAMBDA_ARCHS.join(',') },
      'node-version': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help || values.name === undefined) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.standalone) {
    return buildStandalone({
      appDir: values['app-dir'],
      name: values.name,
      bundlePath: values.bundle,
      archText: values.arch,
      nodeVersion: values['node-version'],
    });
  }
  const maxText = values['max-bytes'];
  const maxZipBytes = maxText === undefined ? undefined : Number(maxText);
  if (maxZipBytes !== undefined && !Number.isSafeInteger(maxZipBytes)) {
    process.stderr.write(`--max-bytes must be an integer, got ${maxText}\n`);
    return 2;
  }

  const result = await buildLayer({
    appDir: values['app-dir'],
    name: values.name,
    bundlePath: values.bundle,
    outPath: values.out,
    maxZipBytes,
  });

  const where = relative(process.cwd(), result.zipPath) || result.zipPath;
  process.stdout.write(
    `${where}: ${formatKb(result.zipBytes)} zipped (${result.zipBytes} bytes); bundle ${formatKb(result.bundleBytes)}, launcher ${result.launcherBytes} bytes\n`
  );
  printEntries(result);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`logdrain-build-layer: ${message}\n`);
    process.exitCode = 1;
  }
);
