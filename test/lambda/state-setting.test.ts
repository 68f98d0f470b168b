import { describe, expect, it } from 'vitest';
import { stateSettingFromEnv, stateSettingsFromEnv } from '../../functions/lambda/state-setting.ts';

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

describe('ROLEWATCH_LEARN_UNTIL and ROLEWATCH_DEDUP_HOURS', () => {
  it('default to no learning and a 24-hour window', () => {
    expect(stateSettingsFromEnv({})).toEqual({
      ok: true,
      value: { state: { kind: 'memory' }, dedupHours: 24 },
    });
  });

  it('read a date (00:00 UTC that day) or a date-time, and hours (0 turns de-duplication off)', () => {
    const day = stateSettingsFromEnv({ ROLEWATCH_LEARN_UNTIL: '2027-01-15', ROLEWATCH_DEDUP_HOURS: '0' });
    const time = stateSettingsFromEnv({
      ROLEWATCH_LEARN_UNTIL: '2027-01-15T08:30:00Z',
      ROLEWATCH_DEDUP_HOURS: '1.5',
    });

    expect(day.ok && day.value).toMatchObject({ learnUntilMs: Date.UTC(2027, 0, 15), dedupHours: 0 });
    expect(time.ok && time.value).toMatchObject({
      learnUntilMs: Date.UTC(2027, 0, 15, 8, 30),
      dedupHours: 1.5,
    });
  });

  it('refuse what is not a date or a number of hours, every problem at once', () => {
    const result = stateSettingsFromEnv({
      ROLEWATCH_LEARN_UNTIL: '15/01/2027',
      ROLEWATCH_DEDUP_HOURS: 'a day',
    });

    expect(!result.ok && result.error).toEqual([
      'ROLEWATCH_LEARN_UNTIL: "15/01/2027" is not an ISO 8601 date (2027-01-15 or 2027-01-15T00:00:00Z)',
      'ROLEWATCH_DEDUP_HOURS: "a day" must be a number of hours from 0 (off) to 720',
    ]);
  });
});
