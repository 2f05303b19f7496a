import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Type-only modules hold no code to cover.
      exclude: ['src/index.ts', 'src/destination.ts', 'src/logger.ts'],
      reporter: ['text-summary'],
      thresholds: { lines: 90, branches: 90 },
    },
  },
});
