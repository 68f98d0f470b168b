import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRoleWithSamlRecord,
  iamUser,
  patched,
} from '../rules/support/cloudtrail-records.ts';
import { judge } from '../rules/support/judge.ts';

// A fact the request does not carry is read where the record puts it: the session name from the issued
// session's ARN, a source identity the identity provider set from the response, and an ARN as AWS's own
// examples write it, with a space inside. The rules then judge what the call really was.
const OKTA = `arn:aws:iam::${ACCOUNTS.identity}:saml-provider/Okta`;
const OKTA_ADMIN = `arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin`;
const DEPLOY = `arn:aws:iam::${ACCOUNTS.identity}:role/Deploy`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}"]
roles:
  - arn: "${OKTA_ADMIN}"
    trustedPrincipals: ["saml:${OKTA}"]
    requireSourceIdentity: true
  - arn: "${DEPLOY}"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.identity}:user/alice"]
    sessionNamePattern: "^deploy-[0-9]+$"
`;
const rules = (record: Record<string, unknown>) => judge(TRUST, record).map((f) => f.rule);

describe('facts the request does not carry', () => {
  it('takes the session name from the issued session when the request lacks it', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.identity, 'alice'),
      roleArn: DEPLOY,
      sessionName: 'alice-laptop',
    });
    const withoutName = patched(record, { requestParameters: { roleSessionName: undefined } });

    const findings = judge(TRUST, withoutName);

    expect(findings.map((f) => [f.rule, f.session.name])).toEqual([
      ['session-name-mismatch', 'alice-laptop'],
    ]);
  });

  it('takes a source identity the identity provider set from the response of AssumeRoleWithSAML', () => {
    const record = assumeRoleWithSamlRecord({
      roleArn: OKTA_ADMIN,
      providerArn: OKTA,
      subject: 'jane@acme.example',
    });

    expect(rules(record)).toEqual(['source-identity-missing']);
    expect(rules(patched(record, { responseElements: { sourceIdentity: 'jane@acme.example' } }))).toEqual([]);
  });

  it('reads an actor ARN written with a space inside as the ARN itself', () => {
    const identity = {
      ...iamUser(ACCOUNTS.identity, 'alice'),
      arn: `arn:aws:iam:: ${ACCOUNTS.identity}:user/alice`,
    };

    expect(rules(assumeRoleRecord({ identity, roleArn: DEPLOY, sessionName: 'deploy-42' }))).toEqual([]);
  });
});
