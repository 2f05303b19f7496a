import {
  chmodSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { measurePostRuntime } from '../src/measure/post-runtime.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

// The null extension, launched by a script that first notes the log level
// its environment sets.
const LAUNCHER = `#!/bin/sh
echo "\${LOGDRAIN_LOG_LEVEL-unset}" >> "$ENV_NOTES"
exec node "\${0%/*}/../null-extension/index.mjs" "\${0##*/}"
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdrain-bench-env-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('measurePostRuntime', () => {
  it('runs the layer at its default log level in both phases', async () => {
    const layer = join(dir, 'layer');
    cpSync(fixture('null-layer'), layer, { recursive: true });
    const launcher = join(layer, 'extensions', 'null-extension');
    writeFileSync(launcher, LAUNCHER);
    chmodSync(launcher, 0o755);
    const notes = join(dir, 'env-notes');

    const result = await measurePostRuntime(
      {
        layer,
        handler: fixture('lines-handler.mjs'),
        openRun: async () => ({
          env: { ENV_NOTES: notes },
          delivered: async () => 0,
          close: async () => {},
        }),
        progress: () => {},
      },
      { warmup: 1, steady: 2, sporadic: 1, gapMs: 0 }
    );

    expect(readFileSync(notes, 'utf8')).toBe('unset\nunset\n');
    expect([result.steadyInvokes, result.sporadicInvokes]).toEqual([2, 1]);
  });
});
