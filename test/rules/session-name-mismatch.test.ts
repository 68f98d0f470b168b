import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRoleWithSamlRecord,
  iamUser,
  patched,
} from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';
import {
  assumeOn,
  itGivesOutcomes,
  NO_MATCH,
  notApplicable,
  roleGateCases,
} from './support/outcome-cases.ts';

const OKTA_ADMIN = `arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin`;
const OKTA = `arn:aws:iam::${ACCOUNTS.identity}:saml-provider/Okta`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}"]
roles:
  - arn: "${OKTA_ADMIN}"
    trustedPrincipals: ["saml:${OKTA}"]
    maxSessionSeconds: 43200
    sessionNamePattern: "^[a-z.]+@acme\\\\.example$"
  - arn: "arn:aws:iam::${ACCOUNTS.identity}:role/ReadOnly"
    trustedPrincipals: ["${ACCOUNTS.identity}"]
`;

describe('session-name-mismatch', () => {
  it('flags a SAML session whose name does not follow the pattern', () => {
    const record = assumeRoleWithSamlRecord({
      roleArn: OKTA_ADMIN,
      providerArn: OKTA,
      subject: 'svc-backup',
    });

    const [finding] = judgeRule('session-name-mismatch', TRUST, record);

    expect(finding?.severity).toBe('low');
    expect(finding?.evidence).toEqual({
      expected: 'a session name matching ^[a-z.]+@acme\\.example$',
      actual: 'svc-backup',
    });
    expect(finding?.session.name).toBe('svc-backup');
  });

  it('accepts a session name that follows the pattern (near miss)', () => {
    const record = assumeRoleWithSamlRecord({
      roleArn: OKTA_ADMIN,
      providerArn: OKTA,
      subject: 'jane.doe@acme.example',
    });

    expect(judgeRule('session-name-mismatch', TRUST, record)).toEqual([]);
  });

  it('ignores roles without a pattern (unrelated record)', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.identity, 'alice'),
      roleArn: `arn:aws:iam::${ACCOUNTS.identity}:role/ReadOnly`,
      sessionName: 'anything goes',
    });

    expect(judgeRule('session-name-mismatch', TRUST, record)).toEqual([]);
  });
});

describe('session-name-mismatch: not applicable versus no match', () => {
  const READ_ONLY = `arn:aws:iam::${ACCOUNTS.identity}:role/ReadOnly`;
  itGivesOutcomes('session-name-mismatch', TRUST, [
    ...roleGateCases(OKTA_ADMIN),
    [
      'a role whose entry sets no pattern',
      assumeOn(READ_ONLY),
      notApplicable('the role entry sets no sessionNamePattern'),
    ],
    [
      'a record without a session name',
      patched(assumeOn(OKTA_ADMIN), {
        requestParameters: { roleSessionName: undefined },
        responseElements: { assumedRoleUser: undefined },
      }),
      notApplicable('the record carries no session name'),
    ],
    [
      'a name the pattern matches (judged, fine)',
      assumeOn(OKTA_ADMIN, undefined, { sessionName: 'jane.doe@acme.example' }),
      NO_MATCH,
    ],
    [
      'a name it does not match',
      assumeOn(OKTA_ADMIN, undefined, { sessionName: 'Jane.Doe@acme.example' }),
      expect.objectContaining({ status: 'match' }),
    ],
  ]);
});
