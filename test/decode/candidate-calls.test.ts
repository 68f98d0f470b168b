// Selective parsing never parses a record whose eventSource/eventName is not a candidate call, so
// normalisation must never judge such a record: this keeps the two lists from drifting apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_CALLS, isCandidateCall } from '../../functions/core/decode/candidate-calls.ts';
import { CREDENTIAL_EVENT_NAMES } from '../../functions/core/model/credential-event.ts';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';

const SOURCES = [
  'sts.amazonaws.com',
  'iam.amazonaws.com',
  's3.amazonaws.com',
  'STS.amazonaws.com',
  'sts.amazonaws.com ',
];
const NAMES = [
  ...CREDENTIAL_EVENT_NAMES,
  'CreateRole',
  'UpdateAssumeRolePolicy',
  'UpdateRole',
  'GetCallerIdentity',
  'assumeRole',
  'AssumeRole ',
];

function candidate(source: string, name: string): boolean {
  const s = Buffer.from(source);
  const n = Buffer.from(name);
  const b = Buffer.concat([s, n]);
  return isCandidateCall(b, 0, s.length, s.length, b.length);
}

describe('candidate calls', () => {
  it('are the six STS credential calls and the three IAM trust calls, compared byte for byte', () => {
    expect(CANDIDATE_CALLS).toEqual({
      'sts.amazonaws.com': [...CREDENTIAL_EVENT_NAMES],
      'iam.amazonaws.com': ['CreateRole', 'UpdateAssumeRolePolicy', 'UpdateRole'],
    });
    expect(candidate('sts.amazonaws.com', 'AssumeRole')).toBe(true);
    expect(candidate('iam.amazonaws.com', 'UpdateRole')).toBe(true);
    expect(candidate('sts.amazonaws.com', 'GetCallerIdentity')).toBe(false);
    expect(candidate('iam.amazonaws.com', 'AssumeRole')).toBe(false);
    expect(candidate('STS.amazonaws.com', 'AssumeRole')).toBe(false);
  });

  it('include every record that normalisation would judge', () => {
    const source = fc.oneof(fc.constantFrom(...SOURCES), fc.string());
    const name = fc.oneof(fc.constantFrom(...NAMES), fc.string());
    fc.assert(
      fc.property(source, name, (eventSource, eventName) => {
        const outcome = normalizeRecord({ eventSource, eventName, eventTime: '2026-11-01T00:00:00Z' }, {});
        if (!candidate(eventSource, eventName)) expect(outcome.kind).toBe('skipped');
      }),
      { numRuns: 2000 },
    );
  });
});
