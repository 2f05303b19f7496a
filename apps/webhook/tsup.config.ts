import { defineConfig } from 'tsup';

// The layer runs with nothing installed beside it: one minified ESM file
// holds the app and @logdrain/core (layer-build packs it).
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
});
