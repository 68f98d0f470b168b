import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PaceClock } from '../../functions/adapters/sources/token-bucket.ts';
import { type Io, main } from '../../functions/cli/main.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'rolewatch.mjs');
export const EXAMPLE_TRUST = join(ROOT, 'fixtures', 'trust', 'example-org.yaml');
/** Built by test/global-setup.ts: in-process scans with several workers start this script. */
const SCAN_WORKER = pathToFileURL(join(ROOT, 'dist', 'cli', 'scan-worker.mjs'));

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Standard input, for the SOURCE `-`. */
  readonly stdin?: string | Uint8Array;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock the CLI sees (epoch ms); the real one by default. */
  readonly now?: number;
  /** Terminal width (`io.columns`); 120 when not given. */
  readonly columns?: number;
  /** The pace clock of remote sources (`io.paceClock`); the real one when not given. */
  readonly paceClock?: PaceClock;
  /**
   * The cores the default `--workers` follows (`io.cores`): 1 unless given, so a scan judges in the
   * test's own thread unless the test asks for workers (`--workers N`, or cores). A scan worker costs
   * ~0.2 s of CPU to start and warm up: ~100 of them, one per small in-process scan, were over a
   * quarter of the suite's CPU time. The worker path has tests of its own (scan-workers, parse-switch,
   * worker-memory, report-cli…), and the spawned CLI tests run with the machine's real default.
   */
  readonly cores?: number;
  /** Standard output as the CLI writes it (a closed pipe, a writer that throws); collected when not given. */
  readonly stdout?: Io['stdout'];
}

/**
 * Runs the CLI in this process through `main(argv, io)`, as `rolewatch ARGS` would run (the working
 * directory is changed for the call; vitest runs each test file in its own process).
 */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const before = process.cwd();
  process.chdir(options.cwd ?? ROOT);
  try {
    const status = await main(args, {
      stdout:
        options.stdout ??
        ((s) => {
          stdout.push(s);
        }),
      stderr: (s) => {
        stderr.push(s);
      },
      stderrIsTty: false,
      columns: options.columns ?? 120,
      now: () => options.now ?? Date.now(),
      ...(options.paceClock === undefined ? {} : { paceClock: options.paceClock }),
      readStdin: () =>
        typeof options.stdin === 'string' ? Buffer.from(options.stdin) : (options.stdin ?? new Uint8Array()),
      env: { ...process.env, ...options.env },
      scanWorkerUrl: SCAN_WORKER,
      cores: options.cores ?? 1,
    });
    return { status, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.chdir(before);
  }
}

/** Runs the bundled CLI in a child process exactly as `npx rolewatch` would (for the few smoke tests). */
export function runCliProcess(
  args: readonly string[],
  options: { cwd?: string; input?: string } = {},
): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
