import { defineConfig } from 'tsup';

// The layer runs with nothing installed beside it: one minified ESM file
// holds the app, @logdrain/core and undici (layer-build packs it).
export default defineConfig({
  entry: { index: 'src/main.ts' },
  outDir: 'dist/logdrain-webhook',
  outExtension: () => ({ js: '.mjs' }),
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  clean: true,
  minify: true,
  splitting: false,
  noExternal: [/.*/],
  // undici is CommonJS and requires Node built-ins: give the ESM bundle a
  // real `require` for them.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
