import { type ParseArgsConfig, parseArgs } from 'node:util';
import { terminalSafe } from '../core/render/terminal-safe.ts';
import { closestKey } from '../core/trust/closest-key.ts';
import { UsageError } from './usage-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The option a parseArgs message is about, as the user would write it: Node quotes `'-c, --config <value>'`
 * for a missing value and `'-c'` for an ambiguous one; both are named `--config` here.
 */
function optionNamed(message: string, options: Options): string | undefined {
  const quoted = /'([^']*)'/.exec(message)?.[1];
  if (quoted === undefined) return undefined;
  const long = /--[^\s<,=]+/.exec(quoted)?.[0];
  if (long !== undefined) return long;
  const short = /^-([^\s<,=-])/.exec(quoted)?.[1];
  if (short === undefined) return undefined;
  const key = Object.entries(options).find(([, o]) => o.short === short)?.[0];
  return key === undefined ? `-${short}` : `--${key}`;
}

/**
 * `parseArgs` with the messages a person needs: an unknown option names the closest known one
 * (`--confg` → did you mean `--config`?), and a value that starts with `-` says how to write it.
 * `positionals` false refuses operands (the verbs that take none).
 */
export function parseOptions<T extends Options>(
  args: readonly string[],
  options: T,
  { positionals = true }: { readonly positionals?: boolean } = {},
) {
  try {
    return parseArgs({ args: [...args], allowPositionals: positionals, strict: true, options });
  } catch (e) {
    const error = e as Error & { code?: string };
    const option = optionNamed(error.message, options);
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
      const known = Object.keys(options).map((k) => `--${k}`);
      const near = closestKey(option, known);
      throw new UsageError(
        `unknown option '${terminalSafe(option)}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`,
      );
    }
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
      if (/ambiguous/.test(error.message)) {
        throw new UsageError(
          `option '${option}' needs a value; a value that starts with '-' is written ${option}=VALUE`,
        );
      }
      throw new UsageError(`option '${option}' needs a value`);
    }
    throw e;
  }
}

/** A whole number option within [min, max], or `fallback` when absent. */
export function intOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  range: { readonly min: number; readonly max: number },
): number {
  if (raw === undefined) return fallback;
  const n = /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(`${name} takes a whole number from ${range.min} to ${range.max}, not '${raw}'`);
  }
  return n;
}

/** A value from a fixed list, case-insensitive (`--fail-on HIGH`). */
export function choiceOption<C extends string>(name: string, raw: string, choices: readonly C[]): C {
  const found = choices.find((c) => c === raw.trim().toLowerCase());
  if (found === undefined) {
    const near = closestKey(raw, choices);
    throw new UsageError(
      `${name} must be one of ${choices.join(', ')}, not '${raw}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`,
    );
  }
  return found;
}
