import { describe, expect, it } from 'vitest';
import { stateSettingFromEnv } from '../../functions/lambda/state-setting.ts';

describe('ROLEWATCH_STATE', () => {
  it('defaults to the in-memory store when unset or blank', () => {
    expect(stateSettingFromEnv({})).toEqual({ ok: true, value: { kind: 'memory' } });
    expect(stateSettingFromEnv({ ROLEWATCH_STATE: '  ' })).toEqual({ ok: true, value: { kind: 'memory' } });
  });

  it('accepts a DynamoDB table name', () => {
    expect(stateSettingFromEnv({ ROLEWATCH_STATE: 'dynamodb:rolewatch-state' })).toEqual({
      ok: true,
      value: { kind: 'dynamodb', table: 'rolewatch-state' },
    });
  });

  it('refuses an invalid table name, naming the variable and quoting the value', () => {
    const result = stateSettingFromEnv({ ROLEWATCH_STATE: 'dynamodb:a' });

    expect(!result.ok && result.error).toEqual([
      'ROLEWATCH_STATE: "dynamodb:a" does not name a DynamoDB table (3–255 of a-z, A-Z, 0-9, "_", ".", "-")',
    ]);
  });

  it('refuses an unknown store', () => {
    const result = stateSettingFromEnv({ ROLEWATCH_STATE: 'redis://localhost' });

    expect(!result.ok && result.error).toEqual([
      'ROLEWATCH_STATE: "redis://localhost" is not a state store ("memory" or "dynamodb:<table>")',
    ]);
  });
});
