import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BUNDLE = fileURLToPath(
  new URL('../dist/logdrain-s3/index.mjs', import.meta.url)
);

describe('the layer bundle', () => {
  it('statically imports no built-in (process.getBuiltinModule loads them)', () => {
    const bundle = readFileSync(BUNDLE, 'utf8');

    // Static imports load before the first line runs, so before the
    // extension registers; node:crypto, node:https and node:zlib load once
    // the extension has registered. Only statements count, not `import "…"`
    // quoted in text.
    const modules = new Set(
      [
        ...bundle.matchAll(
          /(?:^|[;}\n])\s*import\s*(?:[\w${},\s*]+?\s*from\s*)?["']([^"']+)["']/g
        ),
      ].map((match) => (match[1] ?? '').replace(/^node:/, ''))
    );

    expect([...modules].sort()).toEqual([]);
  });
});
