import { terminalSafe } from '../core/render/terminal-safe.ts';
import { closestKey } from '../core/trust/closest-key.ts';
import { defaultIo, type Io } from './io.ts';
import { OutputError } from './output-error.ts';
import { USAGE } from './usage.ts';
import { isUsageError, UsageError, usageMessage } from './usage-error.ts';
import { VERBS } from './verbs/index.ts';
import { VERSION } from './version.ts';

export type { Io } from './io.ts';
export { VERSION } from './version.ts';

/** Exit codes of CONTRACT §5. */
export const EXIT = { done: 0, findings: 1, usage: 2, internal: 3 } as const;

/**
 * Runs the CLI and returns the exit code (CONTRACT §5): 0 done; 1 findings at or above `--fail-on` (or,
 * with `--strict`, input errors or nothing read); 2 usage or configuration error, or output that could not
 * be written (an unusable `--out`, a full disk, standard output closed by its reader); 3 internal error —
 * a bug, never the same code as findings, so that a CI gate cannot mistake a crash for a verdict.
 */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    const [verb, ...rest] = argv;
    if (verb !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
      io.stdout(USAGE);
      return EXIT.done;
    }
    switch (verb) {
      case '--version':
      case '-v':
        io.stdout(`rolewatch ${VERSION}\n`);
        return EXIT.done;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return verb === undefined ? EXIT.usage : EXIT.done;
    }
    const found = VERBS.find((v) => v.name === verb);
    if (found === undefined) {
      const near = closestKey(
        verb,
        VERBS.map((v) => v.name),
      );
      throw new UsageError(
        `unknown command '${terminalSafe(verb)}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`,
      );
    }
    return await found.run(rest, io);
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr(`rolewatch: ${usageMessage(e)}\nRun 'rolewatch --help' for usage.\n`);
      return EXIT.usage;
    }
    if (e instanceof OutputError) {
      io.stderr(`rolewatch: ${terminalSafe(e.message)}\n`);
      return EXIT.usage;
    }
    const error = e instanceof Error ? e : new Error(String(e));
    io.stderr(
      `rolewatch: internal error: ${terminalSafe(`${error.name}: ${error.message}`.slice(0, 500))}\n` +
        'This is a bug in rolewatch, not in your input: please report it with the command you ran' +
        `${io.env.ROLEWATCH_DEBUG ? '' : ' (ROLEWATCH_DEBUG=1 prints the stack trace)'}.\n`,
    );
    if (io.env.ROLEWATCH_DEBUG) io.stderr(`${error.stack ?? ''}\n`);
    return EXIT.internal;
  }
}
