import * as z from 'zod/mini';
import { reject } from '../../core/model/reject-value.ts';
import '../../core/model/zod-setup.ts';
import { err, ok, type Result } from '../../core/model/result.ts';
import { isSeverity, SEVERITIES, type Severity } from '../../core/model/severity.ts';
import { scrubSecrets } from '../../core/text/scrub-secrets.ts';

/**
 * Settings are schemas: the `ROLEWATCH_*` environment of the Lambda functions and the props of the CDK
 * app are parsed by the zod schemas built here, and every problem has one format, naming the setting
 * (an environment variable or a prop) and quoting the bad value:
 *
 *     ROLEWATCH_SNS_TOPIC_ARN: "not-an-arn" is not an SNS topic ARN
 *     memorySizeMb: "lots" must be a whole number from 128 to 10240
 *
 * Each setting schema accepts both what a typed caller passes (a boolean, a number, a list) and the
 * string form that environment variables and `cdk -c key=value` carry ("true", "512", "a,b").
 */

const MAX_QUOTED_CHARS = 200;

/**
 * How a bad value is quoted in a message: strings in double quotes, other values as JSON; cut at 200
 * characters, and scrubbed of token-shaped strings (a webhook URL pasted into the wrong variable).
 */
export const quote = (value: unknown): string => {
  const json = JSON.stringify(value) ?? String(value);
  return scrubSecrets(json.length <= MAX_QUOTED_CHARS ? json : `${json.slice(0, MAX_QUOTED_CHARS - 1)}…`);
};

/** One problem with one setting, in the format every settings message has. */
export const settingProblem = (name: string, message: string): string => `${name}: ${message}`;

/** The outcome of checking one value: the parsed value, or what is wrong with it (without the name). */
export type Check<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };
export const valid = <T>(value: T): Check<T> => ({ ok: true, value });
export const invalid = (message: string): Check<never> => ({ ok: false, message });

/** A setting schema from a check; `undefined` (not set) is refused with `required` unless made `.optional()`. */
export function setting<T>(check: (value: unknown) => Check<T>, required = 'required') {
  return z.pipe(
    z.unknown(),
    z.transform((value, ctx): T => {
      const r = value === undefined ? invalid(required) : check(value);
      return r.ok ? r.value : reject(ctx, r.message);
    }),
  );
}

/** A string that matches `pattern`; `what` completes "… is not WHAT". */
export const patternSetting = (pattern: RegExp, what: string, required?: string) =>
  setting((v) => {
    if (typeof v !== 'string') return invalid(`${quote(v)} is not a string`);
    return pattern.test(v) ? valid(v) : invalid(`${quote(v)} is not ${what}`);
  }, required);

/** Any string. */
export const stringSetting = (required?: string) =>
  setting((v) => (typeof v === 'string' ? valid(v) : invalid(`${quote(v)} is not a string`)), required);

/** `info` … `critical`, in any case. */
export const severitySetting = () =>
  setting<Severity>((v) => {
    const s = typeof v === 'string' ? v.trim().toLowerCase() : v;
    return isSeverity(s) ? valid(s) : invalid(`${quote(v)} is not a severity (${SEVERITIES.join(', ')})`);
  });

/** A whole number in [min, max], or its decimal string. */
export const wholeNumberSetting = (min: number, max: number) =>
  setting<number>((v) => {
    const n = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max
      ? valid(n)
      : invalid(`${quote(v)} must be a whole number from ${min} to ${max}`);
  });

/** A boolean, or `true` / `false`. */
export const booleanSetting = () =>
  setting<boolean>((v) => {
    if (typeof v === 'boolean') return valid(v);
    if (v === 'true' || v === 'false') return valid(v === 'true');
    return invalid(`${quote(v)} is not true or false`);
  });

/** One of `allowed`; `what` names the kind ("a log level"). */
export const oneOfSetting = <const T extends string>(allowed: readonly T[], what: string) =>
  setting<T>((v) =>
    (allowed as readonly unknown[]).includes(v)
      ? valid(v as T)
      : invalid(`${quote(v)} is not ${what} (${allowed.join(', ')})`),
  );

/**
 * A list of `allowed` names, as an array or a comma list (blanks ignored, duplicates dropped, case kept);
 * every unknown name is reported in one message. `what` names one item ("a sink").
 */
export const listSetting = <const T extends string>(
  allowed: readonly T[],
  what: string,
  options: { readonly ignoreCase?: boolean } = {},
) =>
  setting<T[]>((v) => {
    const items: readonly unknown[] | undefined =
      typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : undefined;
    if (items === undefined || !items.every((i) => typeof i === 'string')) {
      return invalid(`${quote(v)} is not a list of names`);
    }
    const names = items
      .map((i) => (options.ignoreCase ? i.trim().toLowerCase() : i.trim()))
      .filter((i) => i !== '');
    const unknown = names.filter((n) => !(allowed as readonly string[]).includes(n));
    if (unknown.length > 0) {
      const verb = unknown.length === 1 ? 'is' : 'are';
      return invalid(`${unknown.map(quote).join(', ')} ${verb} not ${what} (${allowed.join(', ')})`);
    }
    return valid([...new Set(names as T[])]);
  });

/** A setting that must not be set at all; `why` says what to do instead. The value is never repeated. */
export const refusedSetting = (why: string) => z.optional(setting<never>(() => invalid(why)));

/** Settings schemas keyed by setting name: the shape of a settings object. */
export type SettingsShape = Record<string, z.ZodMiniType>;
export type SettingsOf<S extends SettingsShape> = { [K in keyof S]: z.output<S[K]> };

/** The problems of a failed parse, one per zod issue, each naming the setting by the first path element. */
export function settingProblems(issues: readonly z.core.$ZodIssue[], name?: string): string[] {
  return issues.map((i) => settingProblem(String(i.path[0] ?? name ?? 'settings'), i.message));
}

/**
 * Parses each setting of `shape` on its own, so that every bad value is reported, not only the first;
 * the settings that parsed are returned too (for checks across settings, which should then skip the
 * ones in `failed`).
 */
export function parseSettings<S extends SettingsShape>(
  shape: S,
  input: Readonly<Record<string, unknown>>,
): {
  readonly value: Partial<SettingsOf<S>>;
  readonly problems: string[];
  readonly failed: ReadonlySet<string>;
} {
  const value: Record<string, unknown> = {};
  const problems: string[] = [];
  const failed = new Set<string>();
  for (const [name, schema] of Object.entries(shape)) {
    const r = schema.safeParse(input[name]);
    if (r.success) {
      if (r.data !== undefined) value[name] = r.data;
    } else {
      failed.add(name);
      problems.push(...settingProblems(r.error.issues, name));
    }
  }
  return { value: value as Partial<SettingsOf<S>>, problems, failed };
}

/** Environment variables as the process has them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the environment variables of `schema`: values are trimmed and a blank value counts as unset (a
 * CloudFormation template cannot remove a variable, only empty it). Returns what parsed and every
 * problem, so that a caller can go on checking what depends on the good settings.
 */
export function readEnvSettings<S extends SettingsShape>(
  schema: z.ZodMiniObject<S>,
  env: Env,
): {
  readonly value: Partial<SettingsOf<S>>;
  readonly problems: string[];
  readonly failed: ReadonlySet<string>;
} {
  const shape = schema.shape;
  const input: Record<string, string> = {};
  for (const name of Object.keys(shape)) {
    const v = env[name]?.trim();
    if (v !== undefined && v !== '') input[name] = v;
  }
  return parseSettings(shape, input);
}

/** {@link readEnvSettings}, all or nothing. */
export function parseEnvSettings<S extends SettingsShape>(
  schema: z.ZodMiniObject<S>,
  env: Env,
): Result<SettingsOf<S>, string[]> {
  const { value, problems } = readEnvSettings(schema, env);
  return problems.length > 0 ? err(problems) : ok(value as SettingsOf<S>);
}
