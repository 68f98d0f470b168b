import { execFileSync } from 'node:child_process';

/** Builds the CLI bundle the end-to-end tests spawn, so they always test the current source. */
export default function setup(): void {
  execFileSync(process.execPath, ['functions/build.mjs', '--cli'], { stdio: 'inherit' });
}
