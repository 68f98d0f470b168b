import { describe, expect, it } from 'vitest';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import { RULES } from '../../functions/core/rules/registry.ts';
import { ACCOUNTS, assumeRoleRecord, denied, iamUser } from '../rules/support/cloudtrail-records.ts';
import { judge, NOW_MS, normalized, trustConfig } from '../rules/support/judge.ts';

const PROD_ADMIN = `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`;
const READ_ONLY = `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`;
const trust = (rules: string) => `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${PROD_ADMIN}"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.identity}:user/breakglass"]
    requireMfa: true
    severity: critical
  - arn: "${READ_ONLY}"
    trustedPrincipals: ["${ACCOUNTS.identity}"]
${rules}`;

const deniedOn = (roleArn: string) =>
  denied(assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'mallory'), roleArn }));
const alice = (roleArn: string) =>
  assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'alice'), roleArn });

describe('the rules: section of the trust file', () => {
  it("replaces a rule's default severity", () => {
    const yaml = trust('rules:\n  assume-denied: { severity: low }\n');

    expect(judge(yaml, deniedOn(READ_ONLY)).map((f) => [f.rule, f.severity])).toEqual([
      ['assume-denied', 'low'],
    ]);
  });

  it("keeps a role entry's severity as a floor above the overridden severity", () => {
    const yaml = trust('rules:\n  assume-denied: { severity: low }\n');

    expect(judge(yaml, deniedOn(PROD_ADMIN)).map((f) => f.severity)).toEqual(['critical']);
  });

  it('can raise a severity too', () => {
    const yaml = trust('rules:\n  untrusted-principal: { severity: critical }\n');

    expect(judge(yaml, alice(PROD_ADMIN)).find((f) => f.rule === 'untrusted-principal')?.severity).toBe(
      'critical',
    );
    expect(judge(trust(''), alice(PROD_ADMIN)).find((f) => f.rule === 'mfa-missing')?.severity).toBe(
      'critical',
    );
  });

  it('does not run a disabled rule, and leaves the others alone', () => {
    const before = judge(trust(''), alice(PROD_ADMIN)).map((f) => f.rule);
    const after = judge(trust('rules:\n  mfa-missing: { enabled: false }\n'), alice(PROD_ADMIN)).map(
      (f) => f.rule,
    );

    expect(before).toContain('mfa-missing');
    expect(after).toEqual(before.filter((r) => r !== 'mfa-missing'));
  });

  it('makes explain say that a disabled rule is disabled in the trust file', () => {
    const yaml = trust('rules:\n  mfa-missing: { enabled: false }\n');
    const engine = createEngine({ config: trustConfig(yaml), now: () => NOW_MS });

    const { verdicts } = engine.explain(normalized(alice(PROD_ADMIN)));

    expect(verdicts.map((v) => v.rule.id)).toEqual(RULES.map((r) => r.id));
    expect(verdicts.find((v) => v.rule.id === 'mfa-missing')?.outcome).toEqual({
      status: 'not-applicable',
      reason: 'disabled in the trust file',
    });
    expect(verdicts.find((v) => v.rule.id === 'untrusted-principal')?.outcome.status).toBe('match');
  });

  it('accepts the planned stateful rules, so a file need not change when they land', () => {
    const config = trustConfig(
      trust(
        'rules:\n  first-seen-pair: { enabled: false }\n  denied-burst: { severity: critical }\n' +
          '  trust-policy-changed: { severity: medium }\n',
      ),
    );

    expect(config.rules).toEqual({
      'first-seen-pair': { enabled: false, line: 12 },
      'denied-burst': { enabled: true, severity: 'critical', line: 13 },
      'trust-policy-changed': { enabled: true, severity: 'medium', line: 14 },
    });
  });
});
