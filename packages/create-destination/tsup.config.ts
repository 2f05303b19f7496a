import { defineConfig } from 'tsup';

// A CLI only: no declarations. The templates are read from ../templates at
// run time, next to both src/ and dist/.
export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  dts: false,
  target: 'node20',
  clean: true,
});
