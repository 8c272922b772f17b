import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/parse-cache.setup.ts'],
    // Validation builds whole repositories; a loaded 2-core machine needs more than vitest's 5 s default.
    testTimeout: 30_000,
  },
});
