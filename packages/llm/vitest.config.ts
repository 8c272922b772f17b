import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Loopback servers per file: one file at a time keeps ports and timings calm.
    fileParallelism: false,
    testTimeout: 30_000,
  },
});
