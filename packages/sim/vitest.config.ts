import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Integration tests start servers and run git: one file at a time.
    fileParallelism: false,
    testTimeout: 30_000,
  },
});
