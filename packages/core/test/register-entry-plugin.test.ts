import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerEntryShared } from '../build/register-entry-plugin.js';

const FIXTURES = fileURLToPath(
  new URL('fixtures/register-entry/', import.meta.url)
);

describe('registerEntryShared (core build plugin)', () => {
  let outDir: string;

  beforeEach(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'register-entry-'));
  });

  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  function buildWith(entry: string): Promise<void> {
    return build({
      entry: { register: entry },
      format: ['esm'],
      outDir,
      silent: true,
      config: false,
      dts: false,
      esbuildPlugins: [registerEntryShared(entry)],
    });
  }

  it('fails the build when two re-exported modules export the same name', async () => {
    await expect(buildWith(join(FIXTURES, 'dup-entry.ts'))).rejects.toThrow(
      `${join(FIXTURES, 'one.ts')} and ${join(FIXTURES, 'two.ts')} export same: the register entry's export * drops it`
    );
  });

  it('fails the build when the entry reaches a module it does not re-export', async () => {
    await expect(buildWith(join(FIXTURES, 'missing-entry.ts'))).rejects.toThrow(
      `${join(FIXTURES, 'missing-entry.ts')} must re-export ${join(FIXTURES, 'helper.ts')}`
    );
  });
});
