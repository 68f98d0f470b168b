import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRoleWithSamlRecord,
  assumeRoleWithWebIdentityRecord,
  awsAccount,
  awsService,
  getFederationTokenRecord,
  getSessionTokenRecord,
  iamUser,
  patched,
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

const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
defaults:
  unlistedRoles: alert
roles:
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/VendorMonitoring"
    trustedPrincipals: ["${ACCOUNTS.vendor}"]
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/Deploy"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.tooling}:role/github-actions"]
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/ci-deploy"
    trustedPrincipals: ["oidc:token.actions.githubusercontent.com"]
`;

describe('external-account', () => {
  it('flags a role assumed from an account outside the zone of trust', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.outsider, 'attacker', 'x'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
    });

    const [finding, ...rest] = judgeRule('external-account', TRUST, record);

    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('high');
    expect(finding?.evidence.actual).toBe(ACCOUNTS.outsider);
    expect(finding?.title).toContain(`from account ${ACCOUNTS.outsider} outside the zone of trust`);
  });

  it("flags the role owner's copy of a call from an outside account, noting the principal is unresolved", () => {
    const record = assumeRoleRecord({
      identity: awsAccount(ACCOUNTS.outsider, 'AROAZZZZZZZZZZEXAMPLE:x'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
      sharedEventID: 'f3c9a1b2-0d4e-4f5a-9b6c-7d8e9f0a1b2c',
    });

    const [finding] = judgeRule('external-account', TRUST, record);

    expect(finding?.actor).toEqual({
      type: 'AWSAccount',
      accountId: ACCOUNTS.outsider,
      display: expect.stringContaining(ACCOUNTS.outsider),
    });
    expect(finding?.evidence.note).toContain('could not be resolved');
  });

  it('does not flag an outside account that the role entry trusts (near miss)', () => {
    const vendorCall = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.vendor, 'monitoring-agent', 'poll'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/VendorMonitoring`,
    });
    // The entry trusts a principal in the tooling account, so the account is not a stranger to this role.
    const otherToolingPrincipal = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.tooling, 'bob'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`,
    });

    expect(judgeRule('external-account', TRUST, vendorCall)).toEqual([]);
    expect(judgeRule('external-account', TRUST, otherToolingPrincipal)).toEqual([]);
  });

  it('does not flag an actor from an account in the zone of trust', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.identity, 'alice'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
    });

    expect(judgeRule('external-account', TRUST, record)).toEqual([]);
  });

  it('excludes web identity actors and own-identity calls (unrelated records)', () => {
    const oidc = assumeRoleWithWebIdentityRecord({
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ci-deploy`,
      subject: 'repo:acme/app:ref:refs/heads/main',
    });
    const sessionToken = getSessionTokenRecord({ identity: iamUser(ACCOUNTS.outsider, 'someone') });

    expect(judgeRule('external-account', TRUST, oidc)).toEqual([]);
    expect(judgeRule('external-account', TRUST, sessionToken)).toEqual([]);
  });

  it('does not judge GetFederationToken by an outside IAM user: the token is for its own identity', () => {
    const federation = getFederationTokenRecord({
      identity: iamUser(ACCOUNTS.outsider, 'broker'),
      name: 'partner-session',
    });

    expect(judgeRule('external-account', TRUST, federation)).toEqual([]);
    expect(judgeRule('federation-token', TRUST, federation)).toHaveLength(1);
  });
});

describe('external-account: not applicable versus no match', () => {
  const VENDOR_ROLE = `arn:aws:iam::${ACCOUNTS.prod}:role/VendorMonitoring`;
  itGivesOutcomes('external-account', TRUST, [
    ['a failed call', deniedOn(VENDOR_ROLE), FAILED_CALL],
    [
      "a call for the caller's own credentials",
      sessionTokenCall(),
      notApplicable("GetSessionToken issues credentials for the caller's own identity"),
    ],
    [
      'a SAML actor',
      assumeRoleWithSamlRecord({
        roleArn: VENDOR_ROLE,
        providerArn: `arn:aws:iam::${ACCOUNTS.identity}:saml-provider/Okta`,
        subject: 'jane@acme.example',
      }),
      notApplicable('a SAMLUser actor has no AWS account'),
    ],
    [
      'a web identity actor',
      assumeRoleWithWebIdentityRecord({
        roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ci-deploy`,
        subject: 'repo:acme/app:ref:refs/heads/main',
      }),
      notApplicable('a WebIdentityUser actor has no AWS account'),
    ],
    [
      'an AWS service actor',
      assumeOn(VENDOR_ROLE, awsService('ec2.amazonaws.com')),
      notApplicable('a AWSService actor has no AWS account'),
    ],
    [
      'an actor whose account the record does not show',
      patched(assumeOn(VENDOR_ROLE), { userIdentity: { accountId: undefined, arn: undefined } }),
      notApplicable("the record does not name the actor's account"),
    ],
    ['an actor of an account in the zone of trust (judged, fine)', assumeOn(VENDOR_ROLE), NO_MATCH],
    [
      'an outside account the role entry trusts (judged, fine)',
      assumeOn(VENDOR_ROLE, iamUser(ACCOUNTS.vendor, 'poller')),
      NO_MATCH,
    ],
    [
      'an outside account nothing trusts',
      assumeOn(VENDOR_ROLE, iamUser(ACCOUNTS.outsider, 'eve')),
      expect.objectContaining({ status: 'match' }),
    ],
  ]);

  it('does not judge when the trust file lists no accounts', () => {
    const noZone = TRUST.replace(/^accounts: .*$/m, 'accounts: []');

    expect(
      outcomeOf('external-account', noZone, assumeOn(VENDOR_ROLE, iamUser(ACCOUNTS.outsider, 'eve'))),
    ).toEqual(notApplicable('the trust file lists no accounts, so the zone of trust is unknown'));
  });
});
