import { describe, expect, it } from 'vitest';
import { parseStateSetting } from '../../functions/lambda/state-setting.ts';

describe('ROLEWATCH_STATE', () => {
  it('defaults to the in-memory store when unset', () => {
    expect(parseStateSetting(undefined)).toEqual({ ok: true, value: { kind: 'memory' } });
  });

  it('accepts a DynamoDB table name', () => {
    expect(parseStateSetting('dynamodb:rolewatch-state')).toEqual({
      ok: true,
      value: { kind: 'dynamodb', table: 'rolewatch-state' },
    });
  });

  it('refuses an invalid table name and names the variable', () => {
    const result = parseStateSetting('dynamodb:a');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^ROLEWATCH_STATE: "a"/);
  });

  it('refuses an unknown store', () => {
    const result = parseStateSetting('redis://localhost');

    expect(!result.ok && result.error).toContain('use "memory" or "dynamodb:<table>"');
  });
});
