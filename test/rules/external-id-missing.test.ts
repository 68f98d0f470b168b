import { describe, expect, it } from 'vitest';
import { ACCOUNTS, assumeRoleRecord, denied, iamUser, roleSession } from './support/cloudtrail-records.ts';
import { judge, judgeRule } from './support/judge.ts';
import {
  assumeOn,
  itGivesOutcomes,
  NO_MATCH,
  notApplicable,
  roleGateCases,
} from './support/outcome-cases.ts';

const VENDOR_ROLE = `arn:aws:iam::${ACCOUNTS.prod}:role/VendorMonitoring`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.prod}"]
roles:
  - arn: "${VENDOR_ROLE}"
    trustedPrincipals: ["${ACCOUNTS.vendor}"]
    requireExternalId: true
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly"
    trustedPrincipals: ["${ACCOUNTS.prod}"]
`;
const SECRET_EXTERNAL_ID = 'acme-7f3d9c1e-shared-secret';

describe('external-id-missing', () => {
  it('flags a vendor role assumed without an ExternalId', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.vendor, 'poller', 'poll-1'),
      roleArn: VENDOR_ROLE,
    });

    const [finding] = judgeRule('external-id-missing', TRUST, record);

    expect(finding?.severity).toBe('high');
    expect(finding?.evidence).toEqual({
      expected: 'an externalId on the request',
      actual: 'no externalId on the request',
    });
  });

  it('accepts the call that carries an ExternalId, and never echoes its value (near miss)', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.vendor, 'poller', 'poll-1'),
      roleArn: VENDOR_ROLE,
      request: { externalId: SECRET_EXTERNAL_ID },
    });
    const withOtherFindings = TRUST.replace(
      'requireExternalId: true',
      'requireExternalId: true\n    maxSessionSeconds: 900',
    );

    expect(judgeRule('external-id-missing', TRUST, record)).toEqual([]);
    const findings = judge(withOtherFindings, record);
    expect(findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(findings)).not.toContain(SECRET_EXTERNAL_ID);
  });

  it('ignores roles that do not require one and denied calls (unrelated records)', () => {
    const readOnly = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'alice'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
    });
    const deniedVendor = denied(
      assumeRoleRecord({ identity: roleSession(ACCOUNTS.vendor, 'poller', 'poll-1'), roleArn: VENDOR_ROLE }),
    );

    expect(judgeRule('external-id-missing', TRUST, readOnly)).toEqual([]);
    expect(judgeRule('external-id-missing', TRUST, deniedVendor)).toEqual([]);
  });
});

describe('external-id-missing: not applicable versus no match', () => {
  const READ_ONLY = `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`;
  itGivesOutcomes('external-id-missing', TRUST, [
    ...roleGateCases(VENDOR_ROLE),
    [
      'a role whose entry does not require an ExternalId',
      assumeOn(READ_ONLY),
      notApplicable('the role entry does not set requireExternalId'),
    ],
    [
      'a call with an ExternalId (judged, fine)',
      assumeOn(VENDOR_ROLE, iamUser(ACCOUNTS.vendor, 'poller'), { request: { externalId: 'x' } }),
      NO_MATCH,
    ],
    [
      'a call without one',
      assumeOn(VENDOR_ROLE, iamUser(ACCOUNTS.vendor, 'poller')),
      expect.objectContaining({ status: 'match' }),
    ],
  ]);
});
