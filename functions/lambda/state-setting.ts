import { z } from 'zod';
import { DYNAMODB_TABLE_NAME } from '../adapters/settings/aws-names.ts';
import { type Env, invalid, parseEnvSettings, quote, setting, valid } from '../adapters/settings/setting.ts';
import type { Result } from '../core/model/result.ts';

export type StateSetting =
  | { readonly kind: 'memory' }
  | { readonly kind: 'dynamodb'; readonly table: string };

const DYNAMODB_PREFIX = 'dynamodb:';

/**
 * `ROLEWATCH_STATE`: `memory` (the default: state lives as long as the Lambda execution environment)
 * or `dynamodb:<table>`. The DynamoDB store is accepted and validated but not used yet: state-backed
 * rules run on the in-memory store until it lands, and the handler logs a warning.
 */
export const StateSettingsSchema = z.object({
  ROLEWATCH_STATE: setting<StateSetting>((v) => {
    if (v === 'memory') return valid({ kind: 'memory' });
    if (typeof v === 'string' && v.startsWith(DYNAMODB_PREFIX)) {
      const table = v.slice(DYNAMODB_PREFIX.length);
      return DYNAMODB_TABLE_NAME.test(table)
        ? valid({ kind: 'dynamodb', table })
        : invalid(`${quote(v)} does not name a DynamoDB table (3–255 of a-z, A-Z, 0-9, "_", ".", "-")`);
    }
    return invalid(`${quote(v)} is not a state store ("memory" or "dynamodb:<table>")`);
  }).default({ kind: 'memory' }),
});

/** The state store `ROLEWATCH_STATE` names; problems name the variable and quote the value. */
export function stateSettingFromEnv(env: Env): Result<StateSetting, string[]> {
  const parsed = parseEnvSettings(StateSettingsSchema, env);
  return parsed.ok ? { ok: true, value: parsed.value.ROLEWATCH_STATE } : parsed;
}
