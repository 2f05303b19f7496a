import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'peers-cli': 'src/peers/peers-cli.ts',
  },
  format: ['esm'],
  dts: true,
  target: 'node20',
  clean: true,
});
