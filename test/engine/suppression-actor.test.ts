import { describe, expect, it } from 'vitest';
import { ACCOUNTS, assumeRoleRecord, iamUser, roleSession } from '../rules/support/cloudtrail-records.ts';
import { judgeRule } from '../rules/support/judge.ts';

// A suppression's `actor` names the actor's ARN, or the role its session came from (README, "The trust
// file"): a session of the etl-runner role is known by the role, whatever the session is called.
const PIPELINE = `arn:aws:iam::${ACCOUNTS.prod}:role/DataPipeline`;
const ETL_RUNNER = `arn:aws:iam::${ACCOUNTS.prod}:role/etl-runner`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.prod}"]
suppressions:
  - rule: session-too-long
    role: "arn:aws:iam::*:role/DataPipeline"
    actor: "${ETL_RUNNER}"
    expires: 2027-01-31
    reason: "migration, SEC-123"
    owner: "secops@acme.example"
`;
const longSessionBy = (identity: Record<string, unknown>) =>
  assumeRoleRecord({ identity, roleArn: PIPELINE, durationSeconds: 21_600 });

describe('engine: a suppression naming the role a session came from', () => {
  it('suppresses the finding of any session of that role', () => {
    const findings = judgeRule(
      'session-too-long',
      TRUST,
      longSessionBy(roleSession(ACCOUNTS.prod, 'etl-runner', 'nightly-2026-11-29')),
    );

    expect(findings.map((f) => [f.suppressed, f.suppression?.owner])).toEqual([
      [true, 'secops@acme.example'],
    ]);
  });

  it('leaves the finding of another actor alerted (near miss)', () => {
    const findings = judgeRule(
      'session-too-long',
      TRUST,
      longSessionBy(iamUser(ACCOUNTS.prod, 'etl-runner')),
    );

    expect(findings.map((f) => f.suppressed)).toEqual([false]);
  });
});
