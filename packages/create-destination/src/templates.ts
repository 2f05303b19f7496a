import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The templates ship beside src/ and dist/, so one path serves both. */
export const TEMPLATES_DIR = fileURLToPath(
  new URL('../templates/', import.meta.url)
);

/** A file to create: where (relative to its target folder) and what. */
export interface RenderedFile {
  readonly path: string;
  readonly text: string;
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/**
 * Replaces every `{{key}}` with its value. An unknown key is a bug in a
 * template, so it throws rather than leaving the braces in the output.
 *
 * @example
 * renderTemplate('parse{{Pascal}}Config', { Pascal: 'Loki' }); // → 'parseLokiConfig'
 */
export function renderTemplate(
  text: string,
  values: Readonly<Record<string, string>>
): string {
  return text.replace(PLACEHOLDER, (match, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new Error(`unknown template placeholder ${match}`);
    }
    return value;
  });
}

/**
 * Renders every `*.tmpl` file under `templates/<folder>`, keeping the
 * folder layout and dropping the `.tmpl` suffix. Sorted, so output and
 * messages are stable.
 *
 * @example
 * const files = await renderFolder('destination', { name: 'loki', … });
 */
export async function renderFolder(
  folder: string,
  values: Readonly<Record<string, string>>
): Promise<RenderedFile[]> {
  const base = join(TEMPLATES_DIR, folder);
  const entries = await readdir(base, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.tmpl'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return Promise.all(
    files.map(async (file) => ({
      path: relative(base, file).split(sep).join('/').slice(0, -'.tmpl'.length),
      text: renderTemplate(await readFile(file, 'utf8'), values),
    }))
  );
}

/**
 * Renders one `templates/<file>.tmpl`.
 *
 * @example
 * const changeset = await renderFile('changeset.md', values);
 */
export async function renderFile(
  file: string,
  values: Readonly<Record<string, string>>
): Promise<string> {
  const text = await readFile(join(TEMPLATES_DIR, `${file}.tmpl`), 'utf8');
  return renderTemplate(text, values);
}
