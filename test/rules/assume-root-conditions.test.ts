// Conditions on an entry for an account root (`arn:…:iam::ID:root`) are judged on AssumeRoot: the caller's
// MFA, source IP and source identity (issue 7). The record is the AssumeRoot fixture: a session of
// OrgSecurityAdmin (not MFA-authenticated, no source identity) from 203.0.113.40 asks for the root of
// 444455556666.
import { describe, expect, it } from 'vitest';
import { fixtureRecord } from '../cli/scan-inputs.ts';
import { ACCOUNTS, denied, patched } from './support/cloudtrail-records.ts';
import { judgeRule, outcomeOf } from './support/judge.ts';

const ROOT = `arn:aws:iam::${ACCOUNTS.prod}:root`;
const ADMIN = `arn:aws:iam::${ACCOUNTS.identity}:role/OrgSecurityAdmin`;
const trust = (conditions: string) => `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${ROOT}"
    trustedPrincipals: ["${ADMIN}"]
${conditions}`;
const STRICT = trust(
  '    requireMfa: true\n    requireSourceIdentity: true\n    sourceCidrs: ["198.51.100.0/24"]\n    severity: critical\n',
);

const assumeRoot = () => fixtureRecord('assume-root/audit-root-user');
const withSession = (attributes: Record<string, unknown>, sourceIdentity?: string) =>
  patched(assumeRoot(), {
    userIdentity: {
      sessionContext: {
        attributes,
        ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
      },
    },
    sourceIPAddress: '198.51.100.20',
  });

describe('conditions of an account root entry, judged on AssumeRoot', () => {
  it('flags AssumeRoot by a caller session without MFA, from outside the ranges, without a source identity', () => {
    const findings = ['mfa-missing', 'source-ip-not-allowed', 'source-identity-missing'].map(
      (id) => judgeRule(id, STRICT, assumeRoot())[0],
    );

    expect(findings.map((f) => [f?.rule, f?.severity, f?.role?.arn])).toEqual([
      ['mfa-missing', 'critical', ROOT],
      ['source-ip-not-allowed', 'critical', ROOT],
      ['source-identity-missing', 'critical', ROOT],
    ]);
    expect(findings[0]?.title).toBe(
      `OrgSecurityAdmin/secops.lee (role session, ${ACCOUNTS.identity}) obtained root credentials for the root user of ${ACCOUNTS.prod} without MFA, which its trust-file entry requires.`,
    );
    expect(findings[1]?.evidence).toEqual({
      expected: 'an address in: 198.51.100.0/24',
      actual: '203.0.113.40',
    });
  });

  it('accepts an MFA-authenticated caller with a source identity from an allowed address (near miss)', () => {
    const record = withSession(
      { creationDate: '2026-11-06T08:51:10Z', mfaAuthenticated: 'true' },
      'lee@acme',
    );

    for (const id of ['mfa-missing', 'source-ip-not-allowed', 'source-identity-missing']) {
      expect(outcomeOf(id, STRICT, record)).toEqual({ status: 'no-match' });
    }
  });

  it('says which setting the root entry does not set, when it sets none', () => {
    expect(outcomeOf('mfa-missing', trust(''), assumeRoot())).toEqual({
      status: 'not-applicable',
      reason: 'the role entry does not set requireMfa',
    });
    expect(outcomeOf('source-ip-not-allowed', trust(''), assumeRoot())).toEqual({
      status: 'not-applicable',
      reason: 'the role entry sets no sourceCidrs',
    });
  });

  it('says that the conditions only a role can carry do not concern AssumeRoot', () => {
    for (const id of ['external-id-missing', 'session-name-mismatch', 'oidc-subject-unexpected']) {
      expect(outcomeOf(id, STRICT, assumeRoot()), id).toEqual({
        status: 'not-applicable',
        reason: expect.stringMatching(/^AssumeRoot (does not assume a role|carries no web identity token)$/),
      });
    }
  });

  it('leaves a denied AssumeRoot to assume-denied, and an account root without an entry alone', () => {
    expect(outcomeOf('mfa-missing', STRICT, denied(assumeRoot()))).toEqual({
      status: 'not-applicable',
      reason: 'failed call (AccessDenied): assume-denied reports it',
    });
    const otherRoot = patched(assumeRoot(), { requestParameters: { targetPrincipal: ACCOUNTS.tooling } });
    expect(outcomeOf('mfa-missing', STRICT, otherRoot)).toEqual({
      status: 'not-applicable',
      reason: 'no roles entry matches the role',
    });
  });
});
