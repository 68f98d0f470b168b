import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// test/package installs the packed tarball with npm: too slow for every run, so `npm test` leaves it
// out and `npm run test:package` (a step of its own in .ci/run) runs it alone.
const packageTests = process.env.ROLEWATCH_TEST_PACKAGE === '1';

export default defineConfig({
  test: {
    include: packageTests ? ['test/package/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: packageTests ? configDefaults.exclude : [...configDefaults.exclude, 'test/package/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One fork more than there are cores. Vitest's default (cores - 1) is a single fork on the 2-core
    // machines CI runs on, which left one core idle: 94 s against 64 s for the whole suite there. A fork
    // also waits (on child processes it spawns, a browser, loopback servers), and a third fork fills that
    // time: on a quiet 2-core machine, back to back, 61.4 s with three forks against 64.5 s with two.
    maxWorkers: availableParallelism() + 1,
    // Test files share each fork's module cache instead of importing the whole engine again per file:
    // the suite runs in a third of the time. Every file undoes what it changes globally (AWS client
    // mocks, stubbed environment variables, the working directory) when it ends.
    isolate: false,
    // The AWS SDK warns once per process that its 2027 releases need Node 22; CI runs on Node 20 until
    // then (README, "Node.js policy"). Silenced here, for the tests only, with the SDK's own switch.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // End-to-end tests run the bundled CLI (bin/rolewatch.mjs → dist/cli), so build it once first.
    globalSetup: ['test/global-setup.ts'],
  },
});
