import { describe, expect, it } from 'vitest';
import { ACCOUNTS, assumeRoleRecord, iamUser } from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';

// STS accepts session names of 2 to 64 characters. A longer name in a successful record is forged or
// garbled, and is a mismatch whatever the pattern says: the pattern is never run on it.
const ROLE = `arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}"]
roles:
  - arn: "${ROLE}"
    trustedPrincipals: ["${ACCOUNTS.identity}"]
    sessionNamePattern: "^[a-z.]+@acme\\\\.example$"
`;
const DOMAIN = '@acme.example';

const callWithSessionName = (sessionName: string) =>
  assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'alice'), roleArn: ROLE, sessionName });

describe('session-name-mismatch: the 64-character limit of STS', () => {
  it('judges a 64-character name by the pattern alone', () => {
    const name = `${'a'.repeat(64 - DOMAIN.length)}${DOMAIN}`;
    expect(name).toHaveLength(64);

    expect(judgeRule('session-name-mismatch', TRUST, callWithSessionName(name))).toEqual([]);
  });

  it('flags a 65-character name even though the pattern matches it', () => {
    const name = `${'a'.repeat(65 - DOMAIN.length)}${DOMAIN}`;

    const findings = judgeRule('session-name-mismatch', TRUST, callWithSessionName(name));

    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toMatchObject({
      actual: name,
      note: expect.stringContaining('65 characters long'),
    });
  });
});
