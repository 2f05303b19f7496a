import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', 'src/runtime-client.ts'],
  format: ['esm'],
  dts: true,
  target: 'node20',
  clean: true,
});
