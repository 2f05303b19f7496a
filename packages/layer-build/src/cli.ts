import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildLayer } from './build-layer.js';

const USAGE =
  'usage: logdrain-build-layer --name <extension-name> [--app-dir <dir>] [--bundle <path>] [--out <path>] [--max-bytes <n>]\n';

function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
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
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help || values.name === undefined) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
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
  for (const entry of result.entries) {
    process.stdout.write(`  ${entry}\n`);
  }
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
