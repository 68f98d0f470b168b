import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  awsAccount,
  iamUser,
  roleSession,
} from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';
import {
  assumeOn,
  deniedOn,
  FAILED_CALL,
  itGivesOutcomes,
  NO_MATCH,
  notApplicable,
  outcomeOf,
  sessionTokenCall,
} from './support/outcome-cases.ts';

const VENDOR_ROLE = `arn:aws:iam::${ACCOUNTS.prod}:role/VendorMonitoring`;
const DEPLOY = `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.prod}", "${ACCOUNTS.tooling}"]
defaults:
  allowChaining: true
roles:
  - arn: "${VENDOR_ROLE}"
    trustedPrincipals: ["${ACCOUNTS.vendor}"]
    allowChaining: false
  - arn: "${DEPLOY}"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.tooling}:role/github-actions"]
`;

describe('role-chaining', () => {
  it('flags a role session assuming a role that forbids chaining', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.vendor, 'poller', 'poll-1'),
      roleArn: VENDOR_ROLE,
    });

    const [finding] = judgeRule('role-chaining', TRUST, record);

    expect(finding?.severity).toBe('medium');
    expect(finding?.evidence).toEqual({
      expected: 'no role session as caller (allowChaining is false in the role entry)',
      actual: `a session of arn:aws:iam::${ACCOUNTS.vendor}:role/poller`,
    });
  });

  it("infers a role session from the AROA principal id in the role owner's copy", () => {
    const record = assumeRoleRecord({
      identity: awsAccount(ACCOUNTS.vendor, 'AROAIDPPEZS35WEXAMPLE:poll-1'),
      roleArn: VENDOR_ROLE,
      sharedEventID: '0f1e2d3c-4b5a-4968-8776-655443322110',
    });

    const [finding] = judgeRule('role-chaining', TRUST, record);

    expect(finding?.evidence.note).toContain('inferred from the caller');
  });

  it('falls back to defaults.allowChaining when the entry does not set it', () => {
    const yaml = TRUST.replace('allowChaining: true', 'allowChaining: false');
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.tooling, 'github-actions', 'GitHubActions'),
      roleArn: DEPLOY,
    });

    const [finding] = judgeRule('role-chaining', yaml, record);

    expect(finding?.evidence.expected).toBe('no role session as caller (allowChaining is false in defaults)');
    expect(judgeRule('role-chaining', TRUST, record)).toEqual([]);
  });

  it('does not flag an IAM user assuming the same role (near miss)', () => {
    const record = assumeRoleRecord({ identity: iamUser(ACCOUNTS.vendor, 'poller'), roleArn: VENDOR_ROLE });

    expect(judgeRule('role-chaining', TRUST, record)).toEqual([]);
  });
});

describe('role-chaining: not applicable versus no match', () => {
  const session = roleSession(ACCOUNTS.tooling, 'github-actions', 'run-1');
  itGivesOutcomes('role-chaining', TRUST, [
    ['a failed call', deniedOn(VENDOR_ROLE), FAILED_CALL],
    [
      'a call that assumes no role',
      sessionTokenCall(),
      notApplicable('GetSessionToken does not assume a role'),
    ],
    [
      'a role that defaults allow to be reached by chaining',
      assumeOn(DEPLOY, session),
      notApplicable('defaults.allowChaining is true'),
    ],
    [
      'a caller that is not a role session (judged, fine)',
      assumeOn(VENDOR_ROLE, iamUser(ACCOUNTS.vendor, 'poller')),
      NO_MATCH,
    ],
    ['a role session', assumeOn(VENDOR_ROLE, session), expect.objectContaining({ status: 'match' })],
  ]);

  it('names the role entry when the entry itself allows chaining', () => {
    const entryAllows = TRUST.replace('allowChaining: false', 'allowChaining: true').replace(
      'allowChaining: true\nroles',
      'allowChaining: false\nroles',
    );

    expect(outcomeOf('role-chaining', entryAllows, assumeOn(VENDOR_ROLE, session))).toEqual(
      notApplicable('the role entry sets allowChaining: true'),
    );
  });
});
