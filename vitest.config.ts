import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // End-to-end tests run the bundled CLI (bin/rolewatch.mjs → dist/cli), so build it once first.
    globalSetup: ['test/global-setup.ts'],
  },
});
