import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The AWS SDK warns once per process that its 2027 releases need Node 22; CI runs on Node 20 until
    // then (README, "Node.js policy"). Silenced here, for the tests only, with the SDK's own switch.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // End-to-end tests run the bundled CLI (bin/rolewatch.mjs → dist/cli), so build it once first.
    globalSetup: ['test/global-setup.ts'],
  },
});
