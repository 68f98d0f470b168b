import { defaultIo, type Io } from './io.ts';
import { USAGE } from './usage.ts';
import { isUsageError, UsageError, usageMessage } from './usage-error.ts';
import { VERBS } from './verbs/index.ts';
import { VERSION } from './version.ts';

export type { Io } from './io.ts';
export { VERSION } from './version.ts';

/** Runs the CLI and returns the exit code (CONTRACT §5: 0 done, 1 findings at/above --fail-on, 2 usage/config). */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    const [verb, ...rest] = argv;
    if (verb !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
      io.stdout(USAGE);
      return 0;
    }
    switch (verb) {
      case '--version':
      case '-v':
        io.stdout(`rolewatch ${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return verb === undefined ? 2 : 0;
    }
    const found = VERBS.find((v) => v.name === verb);
    if (found === undefined) throw new UsageError(`unknown command '${verb}'`);
    return await found.run(rest, io);
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr(`rolewatch: ${usageMessage(e)}\nRun 'rolewatch --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
}
