import {
  mkdir,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkName, type DestinationNames } from './names.js';
import { renderFile, renderFolder } from './templates.js';

/** The layer budget of a new app: the webhook's (AWS SDK layers: 1 MiB). */
export const DEFAULT_MAX_ZIP_BYTES = 150 * 1024;

/** A refusal to explain to the user (no stack trace needed). */
export class GenerateError extends Error {
  override readonly name: string = 'GenerateError';
}

export interface GenerateOptions {
  /** The repository root (holds pnpm-workspace.yaml and apps/). */
  readonly root: string;
  readonly name: string;
  /** One line for package.json's description. */
  readonly description?: string;
  /** Check and render, but write nothing. */
  readonly dryRun?: boolean;
}

export interface GenerateResult {
  readonly names: DestinationNames;
  /** `apps/<name>`, relative to the root. */
  readonly appDir: string;
  /** Every file created (or, on a dry run, to create), relative to the root. */
  readonly files: readonly string[];
}

/**
 * Creates `apps/<name>` and `.changeset/<name>-destination.md` from the
 * templates. Every check runs before anything is written, and it never
 * overwrites: an existing app, package or changeset of that name stops it.
 *
 * @example
 * const { files } = await generateDestination({ root: '/work/main', name: 'loki' });
 */
export async function generateDestination(
  opts: GenerateOptions
): Promise<GenerateResult> {
  const checked = checkName(opts.name);
  if (!checked.ok) throw new GenerateError(checked.problem);
  const { names } = checked;
  await assertRepositoryRoot(opts.root);
  const appDir = `apps/${names.name}`;
  const changeset = `.changeset/${names.name}-destination.md`;
  await assertFree(opts.root, names, [appDir, changeset]);

  const values = templateValues(names, opts.description);
  const app = await renderFolder('destination', values);
  const files = [
    ...app.map((file) => ({ ...file, path: `${appDir}/${file.path}` })),
    { path: changeset, text: await renderFile('changeset.md', values) },
  ];
  if (!opts.dryRun) await writeAll(opts.root, appDir, files);
  return { names, appDir, files: files.map((file) => file.path) };
}

function templateValues(names: DestinationNames, description?: string) {
  const text =
    description?.trim() ||
    `a Lambda extension layer that delivers a function's logs and telemetry to ${names.name}`;
  return {
    name: names.name,
    Pascal: names.pascal,
    SCREAMING: names.screaming,
    extension: names.extension,
    packageName: names.packageName,
    // It goes into package.json only: escaped as a JSON string's content.
    description: JSON.stringify(text).slice(1, -1),
    maxZipBytes: String(DEFAULT_MAX_ZIP_BYTES),
    maxZipKb: String(DEFAULT_MAX_ZIP_BYTES / 1024),
  };
}

async function assertRepositoryRoot(root: string): Promise<void> {
  const found = await stat(join(root, 'pnpm-workspace.yaml')).catch(
    () => undefined
  );
  if (found?.isFile() !== true) {
    throw new GenerateError(
      `${root} is not the logdrain repository root (no pnpm-workspace.yaml): run \`pnpm gen\` from the root, or pass --root`
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  );
}

/**
 * The target paths, packages/<name>, every workspace package name, and the
 * variable prefixes of the existing apps.
 */
async function assertFree(
  root: string,
  names: DestinationNames,
  targets: readonly string[]
): Promise<void> {
  for (const target of [...targets, `packages/${names.name}`]) {
    if (await exists(join(root, target))) {
      throw new GenerateError(
        `${target} already exists and the generator never overwrites: choose another name, or remove it first`
      );
    }
  }
  const apps = await readdir(join(root, 'apps')).catch(() => []);
  const overlapping = apps.find(
    (app) =>
      names.name.startsWith(`${app}-`) || app.startsWith(`${names.name}-`)
  );
  if (overlapping !== undefined) {
    const shorter =
      overlapping.length < names.name.length ? overlapping : names.name;
    const prefix = `LOGDRAIN_${shorter.toUpperCase().replaceAll('-', '_')}_`;
    throw new GenerateError(
      `"${names.name}" and apps/${overlapping} would share the variables ${prefix}…: choose a name that neither extends nor is extended by an existing app's name`
    );
  }
  for (const folder of ['apps', 'packages', 'infra']) {
    const entries = await readdir(join(root, folder)).catch(() => []);
    for (const entry of entries) {
      const manifest = join(root, folder, entry, 'package.json');
      const text = await readFile(manifest, 'utf8').catch(() => '');
      if (text === '') continue;
      if (packageNameOf(text) === names.packageName) {
        throw new GenerateError(
          `${folder}/${entry} is already the package ${names.packageName}: choose another name`
        );
      }
    }
  }
}

function packageNameOf(manifest: string): unknown {
  try {
    return (JSON.parse(manifest) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}

/**
 * Creating apps/<name> with a non-recursive mkdir is the final "is it
 * free" check; files are opened with `wx` (fail if present). On any
 * failure, what this run created is removed again.
 */
async function writeAll(
  root: string,
  appDir: string,
  files: readonly { path: string; text: string }[]
): Promise<void> {
  await mkdir(join(root, 'apps'), { recursive: true });
  try {
    await mkdir(join(root, appDir));
  } catch (error) {
    throw new GenerateError(`could not create ${appDir}: ${String(error)}`);
  }
  const created: string[] = [];
  try {
    for (const file of files) {
      const path = join(root, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.text, { flag: 'wx' });
      created.push(path);
    }
  } catch (error) {
    await rm(join(root, appDir), { recursive: true, force: true });
    for (const path of created) await rm(path, { force: true });
    throw new GenerateError(
      `writing the files failed, nothing was kept: ${String(error)}`
    );
  }
}
