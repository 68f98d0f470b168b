import { err, ok, type Result } from '../core/model/result.ts';

export type StateSetting =
  | { readonly kind: 'memory' }
  | { readonly kind: 'dynamodb'; readonly table: string };

// DynamoDB table names: 3–255 of [a-zA-Z0-9_.-].
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * `ROLEWATCH_STATE`: `memory` (the default when unset: state lives as long as the Lambda execution
 * environment) or `dynamodb:<table>`. The DynamoDB store is accepted and validated but not used yet:
 * state-backed rules run on the in-memory store until it lands, and the handler logs a warning.
 */
export function parseStateSetting(value: string | undefined): Result<StateSetting, string> {
  const raw = value?.trim() ?? '';
  if (raw === '' || raw === 'memory') return ok({ kind: 'memory' });
  if (raw.startsWith('dynamodb:')) {
    const table = raw.slice('dynamodb:'.length);
    return TABLE_NAME.test(table)
      ? ok({ kind: 'dynamodb', table })
      : err(`ROLEWATCH_STATE: "${table}" is not a valid DynamoDB table name`);
  }
  return err(`ROLEWATCH_STATE: "${raw}" is not supported; use "memory" or "dynamodb:<table>"`);
}
