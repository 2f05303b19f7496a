import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { renderLauncher } from './launcher.js';
import { writeReproducibleZip } from './reproducible-zip.js';

/** What to pack. */
export interface BuildLayerOptions {
  /** The app's folder (holds `dist/`). */
  readonly appDir: string;
  /** The extension's name, e.g. `logdrain-webhook`: launcher file and bundle folder. */
  readonly name: string;
  /** The bundle to pack; default `<appDir>/dist/<name>/index.mjs`. */
  readonly bundlePath?: string;
  /** Where to write the zip; default `<appDir>/dist/layer.zip`. */
  readonly outPath?: string;
  /** Fail when the zip is larger than this. */
  readonly maxZipBytes?: number;
}

/** What was written. */
export interface BuildLayerResult {
  readonly zipPath: string;
  readonly zipBytes: number;
  readonly bundleBytes: number;
  readonly launcherBytes: number;
  readonly entries: readonly string[];
}

/**
 * Writes a Lambda layer zip with `extensions/<name>` (the launcher, mode
 * 0755) and `<name>/index.mjs` (the bundle, mode 0644), byte-for-byte
 * reproducible.
 *
 * @example
 * const result = await buildLayer({ appDir: 'apps/webhook', name: 'logdrain-webhook' });
 */
export async function buildLayer(
  opts: BuildLayerOptions
): Promise<BuildLayerResult> {
  const appDir = resolve(opts.appDir);
  const bundlePath = resolve(
    appDir,
    opts.bundlePath ?? join('dist', opts.name, 'index.mjs')
  );
  const zipPath = resolve(appDir, opts.outPath ?? join('dist', 'layer.zip'));
  const bundle = await readFile(bundlePath).catch((cause: unknown) => {
    throw new Error(
      `the bundle ${bundlePath} cannot be read; build the app first`,
      { cause }
    );
  });
  const launcher = Buffer.from(renderLauncher({ bundleDir: opts.name }));
  const entries = [
    { path: `extensions/${opts.name}`, data: launcher, mode: 0o755 },
    { path: `${opts.name}/index.mjs`, data: bundle, mode: 0o644 },
  ];

  const zip = await writeReproducibleZip(entries);

  if (opts.maxZipBytes !== undefined && zip.length > opts.maxZipBytes) {
    throw new Error(
      `${zipPath} would be ${zip.length} bytes, more than the budget of ${opts.maxZipBytes} bytes`
    );
  }
  await mkdir(dirname(zipPath), { recursive: true });
  await writeFile(zipPath, zip);
  return {
    zipPath,
    zipBytes: zip.length,
    bundleBytes: bundle.length,
    launcherBytes: launcher.length,
    entries: entries.map((e) => e.path).sort(),
  };
}
