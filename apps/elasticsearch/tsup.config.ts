import { defineConfig } from 'tsup';

// The layer runs with nothing installed beside it: one minified ESM file
// holds the app and @logdrain/core (layer-build packs it with its launcher).
export default defineConfig({
  entry: { index: 'src/main.ts' },
  outDir: 'dist/logdrain-elasticsearch',
  outExtension: () => ({ js: '.mjs' }),
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  clean: true,
  minify: true,
  splitting: false,
  noExternal: [/.*/],
  // Bundle the SDK's CommonJS build (its `main` and `node` entries): its
  // require() calls run only when the destination loads the SDK, after
  // registration. Its ESM build's imports of node:crypto, node:stream,
  // node:https, node:child_process… would be hoisted to the top of the
  // bundle and load before the extension registers.
  esbuildOptions(options) {
    options.conditions = [];
    options.mainFields = ['main'];
  },
  // CommonJS dependencies (most SDKs) require Node built-ins: give the ESM
  // bundle a real `require` for them.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
