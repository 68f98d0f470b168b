import * as z from 'zod/mini';
import '../core/model/zod-setup.ts';
import { DYNAMODB_TABLE_NAME } from '../adapters/settings/aws-names.ts';
import { type Env, invalid, parseEnvSettings, quote, setting, valid } from '../adapters/settings/setting.ts';
import { ok, type Result } from '../core/model/result.ts';

export type StateSetting =
  | { readonly kind: 'memory' }
  | { readonly kind: 'dynamodb'; readonly table: string };

const DYNAMODB_PREFIX = 'dynamodb:';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The state settings of the handlers (CONTRACT §6), one schema, every problem naming its variable. */
export const StateSettingsSchema = z.object({
  /**
   * `memory` (the default: state lives as long as the Lambda execution environment, and
   * first-seen-pair does not run) or `dynamodb:<table>` (shared by every invocation and trigger).
   */
  ROLEWATCH_STATE: z._default(
    setting<StateSetting>((v) => {
      if (v === 'memory') return valid({ kind: 'memory' });
      if (typeof v === 'string' && v.startsWith(DYNAMODB_PREFIX)) {
        const table = v.slice(DYNAMODB_PREFIX.length);
        return DYNAMODB_TABLE_NAME.test(table)
          ? valid({ kind: 'dynamodb', table })
          : invalid(`${quote(v)} does not name a DynamoDB table (3–255 of a-z, A-Z, 0-9, "_", ".", "-")`);
      }
      return invalid(`${quote(v)} is not a state store ("memory" or "dynamodb:<table>")`);
    }),
    { kind: 'memory' },
  ),
  /**
   * An ISO 8601 date (`2027-01-15`: 00:00 UTC that day) or date-time: until then first-seen-pair records
   * pairs and reports none. Epoch ms.
   */
  ROLEWATCH_LEARN_UNTIL: z.optional(
    setting<number>((v) => {
      const ms = typeof v === 'string' && ISO_DATE.test(v) ? Date.parse(v) : Number.NaN;
      return Number.isNaN(ms)
        ? invalid(`${quote(v)} is not an ISO 8601 date (2027-01-15 or 2027-01-15T00:00:00Z)`)
        : valid(ms);
    }),
  ),
  /** A finding id is alerted at most once per this many hours, across invocations and triggers; 0: off. */
  ROLEWATCH_DEDUP_HOURS: z._default(
    setting<number>((v) => {
      const n = typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
      return typeof n === 'number' && n >= 0 && n <= 720
        ? valid(n)
        : invalid(`${quote(v)} must be a number of hours from 0 (off) to 720`);
    }),
    24,
  ),
});

export interface StateSettings {
  readonly state: StateSetting;
  /** Epoch ms until which first-seen-pair only learns. */
  readonly learnUntilMs?: number;
  readonly dedupHours: number;
}

/** The state settings of a handler's environment, or every problem at once. */
export function stateSettingsFromEnv(env: Env): Result<StateSettings, string[]> {
  const parsed = parseEnvSettings(StateSettingsSchema, env);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return ok({
    state: v.ROLEWATCH_STATE,
    ...(v.ROLEWATCH_LEARN_UNTIL === undefined ? {} : { learnUntilMs: v.ROLEWATCH_LEARN_UNTIL }),
    dedupHours: v.ROLEWATCH_DEDUP_HOURS,
  });
}

/** The state store `ROLEWATCH_STATE` names; problems name the variable and quote the value. */
export function stateSettingFromEnv(env: Env): Result<StateSetting, string[]> {
  const parsed = stateSettingsFromEnv({ ROLEWATCH_STATE: env.ROLEWATCH_STATE });
  return parsed.ok ? { ok: true, value: parsed.value.state } : parsed;
}
