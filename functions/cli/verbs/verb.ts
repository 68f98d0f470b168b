import type { Io } from '../io.ts';

/** One CLI verb (`rolewatch <name> …`): parses its own arguments, returns the exit code (CONTRACT §5). */
export interface Verb {
  readonly name: string;
  run(args: readonly string[], io: Io): Promise<number>;
}
