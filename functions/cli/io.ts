import { readFileSync } from 'node:fs';
import type { PaceClock } from '../adapters/sources/token-bucket.ts';
import { errnoCode, OutputError, STDOUT_CLOSED } from './output-error.ts';

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

/**
 * Standard output as the CLI writes it: with backpressure, and with an end. When the reader goes away
 * (`rolewatch scan … | head`: EPIPE), the next write — or a write waiting for room — throws an
 * {@link OutputError}, which stops the command with exit 2 instead of an unhandled 'error' event (a stack
 * trace and exit 1, the findings code). A scan with `--state` stopped this way does not save its state.
 */
export function streamWriter(stream: NodeJS.WritableStream): (s: string) => void | Promise<void> {
  let closed: OutputError | undefined;
  const waiting = new Set<(e: OutputError) => void>();
  stream.on('error', (e: unknown) => {
    const code = errnoCode(e);
    closed = new OutputError(code === 'EPIPE' ? STDOUT_CLOSED : `cannot write standard output: ${code ?? e}`);
    for (const reject of waiting) reject(closed);
    waiting.clear();
  });
  return (s) => {
    if (closed !== undefined) throw closed;
    if (stream.write(s)) return undefined;
    const room = new Promise<void>((resolve, reject) => {
      const done = (): void => {
        waiting.delete(reject);
        resolve();
      };
      waiting.add(reject);
      stream.once('drain', done);
    });
    // Callers that write once do not wait for room: their closed pipe must not become an unhandled
    // rejection (which would crash with exit 1). Callers that await still get the error.
    room.catch(() => undefined);
    return room;
  };
}

export const defaultIo = (): Io => {
  // Nothing can be reported once standard error is gone (`2>&1 | head`); its errors must not crash the
  // command either, or its exit code would be 1, which a CI gate reads as findings.
  process.stderr.on('error', () => undefined);
  return {
    stdout: streamWriter(process.stdout),
    stderr: (s) => {
      process.stderr.write(s);
    },
    stderrIsTty: process.stderr.isTTY === true,
    columns: process.stdout.columns ?? 120,
    now: () => Date.now(),
    readStdin: () => readFileSync(0),
    env: process.env,
  };
};
