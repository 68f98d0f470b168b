import { readFileSync } from 'node:fs';
import type { PaceClock } from '../adapters/sources/token-bucket.ts';

/** What the CLI touches of the outside world, so that tests run it in-process. */
export interface Io {
  /**
   * Writes to standard output. A returned promise resolves once the output has room again (a pipe
   * whose reader is slower than the scan): callers that write a lot await it.
   */
  readonly stdout: (s: string) => void | Promise<void>;
  readonly stderr: (s: string) => void;
  readonly stderrIsTty: boolean;
  readonly columns: number;
  readonly now: () => number;
  /** Waits between AWS calls of remote sources (their pace, polling); the real clock when not given. */
  readonly paceClock?: PaceClock;
  /** All of standard input (for the SOURCE `-`). */
  readonly readStdin: () => Uint8Array;
  /** Environment for settings the SDK and rolewatch read (`AWS_*`, `ROLEWATCH_*`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * The scan worker script: next to the running bundle by default. Tests that run the CLI from its
   * TypeScript source point it at the built bundle's worker.
   */
  readonly scanWorkerUrl?: URL;
  /**
   * The cores the default `--workers` is taken from: `os.availableParallelism()` when not given. Tests
   * that run the CLI in-process set it, so that a scan starts worker threads only where a test asks for them.
   */
  readonly cores?: number;
}

export const defaultIo = (): Io => ({
  stdout: (s) =>
    process.stdout.write(s)
      ? undefined
      : new Promise<void>((resolve) => process.stdout.once('drain', resolve)),
  stderr: (s) => process.stderr.write(s),
  stderrIsTty: process.stderr.isTTY === true,
  columns: process.stdout.columns ?? 120,
  now: () => Date.now(),
  readStdin: () => readFileSync(0),
  env: process.env,
});
