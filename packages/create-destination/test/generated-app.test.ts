import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRepository, runCommand } from './repo-copy.js';

const NAME = 'throwaway-sink';
const APP = `apps/${NAME}`;
const PACKAGE = `@logdrain/${NAME}`;

/** `pnpm --filter <app> <script>` in the copy. */
const pnpmScript = (cwd: string, script: string) =>
  runCommand({ command: 'pnpm', args: ['--filter', PACKAGE, script], cwd });

describe('pnpm gen destination, in a temporary copy of the repository', () => {
  it('creates an app that passes Biome and tsc, builds dist/layer.zip and passes its own tests', async () => {
    await using copy = await copyRepository();

    const generated = await runCommand({
      command: process.execPath,
      args: [
        'packages/create-destination/bin/create-destination.mjs',
        'destination',
        NAME,
        '--offline',
      ],
      cwd: copy.path,
    });
    expect(generated.code, generated.output).toBe(0);
    // Linting, type checking and build-then-test are independent.
    const [lint, types, tested] = await Promise.all([
      runCommand({
        command: join(copy.path, 'node_modules/.bin/biome'),
        args: ['ci', APP, `.changeset/${NAME}-destination.md`],
        cwd: copy.path,
      }),
      pnpmScript(copy.path, 'typecheck'),
      pnpmScript(copy.path, 'build').then(async (built) => ({
        built,
        test: built.code === 0 ? await pnpmScript(copy.path, 'test') : built,
      })),
    ]);

    expect(generated.output).toContain(
      `Created the logdrain-${NAME} destination (${PACKAGE}):`
    );
    expect(generated.output).toContain('Formatted with Biome.');
    expect(generated.output).toContain('Next steps:');
    // Changesets' own frontmatter pattern: Biome's Markdown formatter must
    // not have turned the package line into a heading.
    const changeset = await readFile(
      join(copy.path, `.changeset/${NAME}-destination.md`),
      'utf8'
    );
    expect(
      /\s*---([\s\S]*?)\n\s*---(\s*(?:\n|$)[\s\S]*)/
        .exec(changeset)?.[1]
        ?.trim()
    ).toBe(`"${PACKAGE}": minor`);
    const lockfile = await readFile(join(copy.path, 'pnpm-lock.yaml'), 'utf8');
    expect(lockfile).toContain(`\n  ${APP}:\n`);
    expect(lint.code, lint.output).toBe(0);
    expect(types.code, types.output).toBe(0);
    expect(tested.built.code, tested.built.output).toBe(0);
    expect(tested.built.output).toContain('dist/layer.zip: ');
    const zip = await stat(join(copy.path, APP, 'dist/layer.zip'));
    expect(zip.size).toBeGreaterThan(0);
    expect(zip.size).toBeLessThan(150 * 1024);
    expect(tested.test.code, tested.test.output).toBe(0);
    expect(tested.test.output).toMatch(/Test Files {2}3 passed \(3\)/);
  }, 300_000);
});
