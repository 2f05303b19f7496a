import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bundlePath = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'dist',
  'logdrain-webhook',
  'index.mjs'
);

describe('the layer bundle', () => {
  it('statically imports no built-in (process.getBuiltinModule loads them)', () => {
    const bundle = readFileSync(bundlePath, 'utf8');

    // Static imports load before the first line runs, so before the
    // extension registers; the rest is imported once it has registered.
    const modules = new Set(
      [
        ...bundle.matchAll(
          /\bimport\s*(?:[\w${},\s*]+?\s*from\s*)?["']([^"']+)["']/g
        ),
      ].map((match) => (match[1] ?? '').replace(/^node:/, ''))
    );

    expect([...modules].sort()).toEqual([]);
  });
});
