// Issue 7 (defect 4 and "also fix"): what normalisation keeps of a record is bounded and honest — long
// strings are cut with a marker and counted in gaps, an expiration before eventTime is a gap rather than a
// negative duration, and a duration the request did not carry is left out of findings (the default is
// judged, and the evidence says so).
import { describe, expect, it } from 'vitest';
import {
  IMPLAUSIBLE_EXPIRATION,
  normalizeRecord,
  TRUNCATED_FIELDS,
} from '../../functions/core/normalize/normalize-record.ts';
import { MAX_FIELD_CHARS } from '../../functions/core/normalize/record-fields.ts';
import { engineFor, type JsonObject, judgeRecord, scenarioRecord } from '../security/support.ts';

const at = { file: 'trail.json', path: 'Records[0]' };

function eventOf(record: unknown) {
  const outcome = normalizeRecord(record, at);
  if (outcome.kind !== 'event') throw new Error(`expected an event, got ${outcome.kind}`);
  return outcome.event;
}

describe('field sizes', () => {
  it('cuts a string longer than the limit, with a marker, and counts it in gaps', () => {
    const record = scenarioRecord('untrusted-principal');
    record.userAgent = `aws-cli/2.15 ${'x'.repeat(MAX_FIELD_CHARS * 3)}`;

    const event = eventOf(record);

    expect(event.userAgent?.length).toBeLessThanOrEqual(MAX_FIELD_CHARS);
    expect(event.userAgent).toMatch(/^aws-cli\/2\.15 x+…\[truncated: \d+ characters in the record\]$/);
    expect(event.gaps).toContain(TRUNCATED_FIELDS);
    const finding = judgeRecord(record)[0];
    expect(finding?.userAgent).toBe(event.userAgent);
    expect(finding?.evidence.note).toContain(`longer than ${MAX_FIELD_CHARS} characters`);
  });

  it('keeps strings up to the limit whole, and never splits a surrogate pair', () => {
    const record = scenarioRecord('untrusted-principal');
    record.userAgent = 'a'.repeat(MAX_FIELD_CHARS);
    expect(eventOf(record).gaps).not.toContain(TRUNCATED_FIELDS);

    record.userAgent = '🙂'.repeat(MAX_FIELD_CHARS);
    const cut = eventOf(record).userAgent ?? '';
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(cut.startsWith('🙂🙂')).toBe(true);
  });
});

describe('granted duration', () => {
  it('records an expiration before eventTime as a gap, noted in the evidence, not a negative duration', () => {
    const record = scenarioRecord('session-too-long');
    const credentials = (record.responseElements as JsonObject).credentials as JsonObject;
    credentials.expiration = 'Jan 22, 2021 12:46:28 AM';

    const event = eventOf(record);
    const finding = judgeRecord(record).find((f) => f.rule === 'session-too-long');

    expect(event.session.grantedSeconds).toBeUndefined();
    expect(event.gaps).toContain(IMPLAUSIBLE_EXPIRATION);
    expect(finding?.session.grantedSeconds).toBeUndefined();
    expect(finding?.session.requestedSeconds).toBe(28_800);
    expect(finding?.evidence.note).toContain('the granted duration is unknown');
  });

  it('records a granted duration longer than STS ever grants as a gap too', () => {
    const record = scenarioRecord('session-too-long');
    const credentials = (record.responseElements as JsonObject).credentials as JsonObject;
    credentials.expiration = 'Nov 23, 2036, 2:12:09 PM';

    expect(eventOf(record).session.grantedSeconds).toBeUndefined();
    expect(eventOf(record).gaps).toContain(IMPLAUSIBLE_EXPIRATION);
  });
});

describe('requested duration', () => {
  it('leaves requestedSeconds out of a finding when the request had no durationSeconds, and says the default was judged', () => {
    const record = scenarioRecord('session-too-long');
    delete (record.requestParameters as JsonObject).durationSeconds;
    delete ((record.responseElements as JsonObject).credentials as JsonObject).expiration;
    const trust = `version: 1
accounts: ["111122223333", "444455556666"]
defaults: { maxSessionSeconds: 900, unlistedRoles: alert }
roles:
  - arn: "arn:aws:iam::444455556666:role/ReadOnly"
    trustedPrincipals: ["111122223333"]
`;
    const finding = judgeRecord(record, engineFor(trust)).find((f) => f.rule === 'session-too-long');

    expect(finding).toBeDefined();
    expect(finding?.session).not.toHaveProperty('requestedSeconds');
    expect(finding?.evidence.note).toContain(
      'the request omitted durationSeconds, so the 3600 s default is assumed',
    );
  });
});
