import { describe, expect, it } from 'vitest';
import { ACCOUNTS, iamUser, patched, roleSession } from '../rules/support/cloudtrail-records.ts';
import { judge } from '../rules/support/judge.ts';
import { assumeOn } from '../rules/support/outcome-cases.ts';

// Exports (Athena rows, SIEM copies, hand-made records) spell an absent value as "" or null, and booleans
// as strings in any case. An empty value is no value: "" is no error code, no ExternalId, no MFA serial
// number and no source identity, so a successful call stays judged and a missing condition still fires.
const DEPLOY = `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${DEPLOY}"
    trustedPrincipals: ["${ACCOUNTS.identity}"]
    requireMfa: true
    requireExternalId: true
    requireSourceIdentity: true
`;
/** A call that meets every condition of the entry, with `request` merged into its requestParameters. */
const call = (request: Record<string, unknown>, identity = iamUser(ACCOUNTS.identity, 'alice')) =>
  assumeOn(DEPLOY, identity, {
    request: {
      serialNumber: `arn:aws:iam::${ACCOUNTS.identity}:mfa/alice`,
      tokenCode: '123456',
      externalId: 'present',
      sourceIdentity: 'alice',
      ...request,
    },
  });
const rules = (record: Record<string, unknown>) => judge(TRUST, record).map((f) => f.rule);

describe('fields an export writes as "", null or a number', () => {
  it('meets every condition when the values are there (near miss)', () => {
    expect(rules(call({}))).toEqual([]);
  });

  it('reads errorCode "" as a successful call, which the grant rules judge', () => {
    const record = patched(call({}, iamUser(ACCOUNTS.outsider, 'mallory')), { errorCode: '' });

    expect(rules(record)).toEqual(['untrusted-principal', 'external-account']);
  });

  it('reads a numeric errorCode as a failed call', () => {
    const record = patched(call({}, iamUser(ACCOUNTS.outsider, 'mallory')), { errorCode: 403 });

    expect(rules(record)).toEqual(['assume-denied']);
  });

  it('reads an ExternalId of "" or null as none', () => {
    expect(rules(call({ externalId: '' }))).toEqual(['external-id-missing']);
    expect(rules(call({ externalId: null }))).toEqual(['external-id-missing']);
  });

  it('reads a serialNumber of "" as no MFA', () => {
    expect(rules(call({ serialNumber: '', tokenCode: '' }))).toEqual(['mfa-missing']);
  });

  it('reads a sourceIdentity of "" as none', () => {
    expect(rules(call({ sourceIdentity: '' }))).toEqual(['source-identity-missing']);
  });
});

describe('booleans an export writes as strings', () => {
  const sessionWithMfa = (mfaAuthenticated: string) =>
    call(
      { serialNumber: undefined, tokenCode: undefined },
      roleSession(ACCOUNTS.identity, 'Admin', 'jane', { mfaAuthenticated }),
    );

  it('reads mfaAuthenticated "True" as an MFA-authenticated session', () => {
    expect(rules(sessionWithMfa('True'))).toEqual([]);
  });

  it('reads "FALSE" as a session known to be without MFA', () => {
    const [finding, ...more] = judge(TRUST, sessionWithMfa('FALSE'));

    expect(more).toEqual([]);
    expect(finding?.rule).toBe('mfa-missing');
    expect(finding?.evidence.actual).toContain('was not MFA-authenticated');
  });
});
