import { describe, expect, it } from 'vitest';
import { ACCOUNTS, assumeRoleRecord, iamUser } from '../rules/support/cloudtrail-records.ts';
import { judgeRule } from '../rules/support/judge.ts';

// The granted duration is the credentials' expiration minus the event time. Up to the longest session STS
// issues (36 h) plus a day of clock skew it is a duration, and session-too-long judges it; beyond that the
// record is broken: the duration is unknown, and findings say why.
const ROLE = `arn:aws:iam::${ACCOUNTS.prod}:role/DataPipeline`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.prod}"]
roles:
  - arn: "${ROLE}"
    trustedPrincipals: ["${ACCOUNTS.prod}"]
    maxSessionSeconds: 3600
`;
const LIMIT_SECONDS = 129_600 + 86_400;

const grantedFor = (grantedSeconds: number) =>
  judgeRule(
    'session-too-long',
    TRUST,
    assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'etl'),
      roleArn: ROLE,
      durationSeconds: 43_200,
      grantedSeconds,
    }),
  );

describe('granted duration: what a credentials expiration can say', () => {
  it('takes 36 hours and a day as a granted duration', () => {
    const [finding] = grantedFor(LIMIT_SECONDS);

    expect(finding?.session.grantedSeconds).toBe(LIMIT_SECONDS);
    expect(finding?.evidence.note).toBeUndefined();
  });

  it('takes a second more as a broken record: no granted duration, and a note saying so', () => {
    const [finding] = grantedFor(LIMIT_SECONDS + 1);

    expect(finding?.session.grantedSeconds).toBeUndefined();
    expect(finding?.evidence.actual).toBe('requested 43200 s');
    expect(finding?.evidence.note).toContain('implausibly far after it');
  });
});
