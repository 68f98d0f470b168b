import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

/** What `npm test` may take on a quiet 2-core machine (issue 8): a suite run before every commit. */
const BUDGET_SECONDS = 60;

/**
 * Builds the CLI bundle the end-to-end tests spawn, so they always test the current source; when the
 * run ends, says how long it took against the budget, with the machine's cores and load (a busy machine
 * is slower, and the line says so rather than failing a test on time).
 */
export default function setup(): () => void {
  const started = performance.now();
  execFileSync(process.execPath, ['functions/build.mjs', '--cli'], { stdio: 'inherit' });
  return () => {
    // The package test (an npm install, `npm run test:package`) has no budget of its own.
    if (process.env.ROLEWATCH_TEST_PACKAGE === '1') return;
    const seconds = (performance.now() - started) / 1000;
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    const verdict = seconds <= BUDGET_SECONDS ? 'within' : 'OVER';
    process.stdout.write(
      `\nrolewatch: the test run took ${seconds.toFixed(1)} s, ${verdict} the ${BUDGET_SECONDS} s budget for a quiet ` +
        `2-core machine (this one: ${availableParallelism()} cores, load average ${load}).\n`,
    );
  };
}
