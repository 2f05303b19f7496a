import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Synthesizing a stack takes seconds on a busy machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
