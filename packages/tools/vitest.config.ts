import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/parse-cache.setup.ts'],
    // Git and cluster integration tests spawn processes; on a loaded 2-core machine 5 s is not enough for a clone + push.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
