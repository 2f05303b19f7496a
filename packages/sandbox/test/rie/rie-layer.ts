import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES, launcher, makeLayerDir } from '../helpers.js';

export const MINIMAL = join(FIXTURES, 'minimal-extension.mjs');
export const BOOTSTRAP = join(FIXTURES, 'bootstrap-runtime.mjs');

/**
 * One layer folder with the hand-written extension, and a task folder with a
 * `bootstrap` for AWS's emulator. The output folder is writable by anyone:
 * managed-instances mode runs its processes as uid 993.
 */
export async function makeCrossCheckDirs(
  dir: string,
  env: Record<string, string> = {}
): Promise<{ layer: string; task: string; out: string }> {
  const outDir = join(dir, 'out');
  await mkdir(outDir, { recursive: true });
  await chmod(outDir, 0o777);
  const out = join(outDir, 'minimal.ndjson');
  const layer = await makeLayerDir(join(dir, 'layer'), {
    minimal: launcher(MINIMAL, { MINIMAL_OUT: out, ...env }),
  });
  const task = join(dir, 'task');
  await mkdir(task);
  await writeFile(
    join(task, 'bootstrap'),
    `#!/bin/sh\nexec node "${BOOTSTRAP}"\n`
  );
  await chmod(join(task, 'bootstrap'), 0o755);
  return { layer, task, out };
}
