import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/parse-cache.setup.ts'],
    // Whole-repository fixtures parse many files; a loaded 2-core machine needs more than vitest's 5 s default.
    testTimeout: 30_000,
  },
});
