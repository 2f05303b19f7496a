import { defineConfig } from 'tsup';

// The layer runs with nothing installed beside it: one minified ESM file
// holds the app and @logdrain/core (layer-build packs it with its launcher).
export default defineConfig({
  entry: { index: 'src/main.ts' },
  outDir: 'dist/logdrain-cloudwatch',
  outExtension: () => ({ js: '.mjs' }),
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  clean: true,
  minify: true,
  splitting: false,
  noExternal: [/.*/],
  // CommonJS dependencies (most SDKs) require Node built-ins: give the ESM
  // bundle a real `require` for them.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
