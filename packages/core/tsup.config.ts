import { resolve } from 'node:path';
import { defineConfig } from 'tsup';
import { registerEntryShared } from './build/register-entry-plugin.js';

// dist/register.js holds what src/register-entry.ts reaches; dist/index.js
// and its chunks import those modules from there (see registerEntryShared).
export default defineConfig({
  entry: { index: 'src/index.ts', register: 'src/register-entry.ts' },
  format: ['esm'],
  dts: true,
  target: 'node20',
  clean: true,
  esbuildPlugins: [registerEntryShared(resolve('src/register-entry.ts'))],
});
