import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    cli: 'src/cli.ts',
    'receiver-worker': 'src/targets/receiver-worker.ts',
  },
  format: ['esm'],
  target: 'node20',
  clean: true,
});
