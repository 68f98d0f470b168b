/** A mistake in how the CLI was called: exit code 2 with a one-line message and a pointer to --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Node's parseArgs messages suggest `--` tricks meant for other tools; say plainly what was wrong. */
export function usageMessage(e: Error & { code?: string }): string {
  const option = /'(-{1,2}[^'\s]+)'/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) return `unknown option '${option}'`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    return `option '${option}' needs a value`;
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'this command takes no positional arguments';
  return e.message;
}

export const isUsageError = (e: unknown): e is Error & { code?: string } =>
  e instanceof UsageError || ((e as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS') ?? false);
