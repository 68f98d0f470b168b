import { describe, expect, it } from 'vitest';
import type { TrustConfig } from '../../functions/core/model/trust-config.ts';
import { compileTrust } from '../../functions/core/trust/compile-trust.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

const NOW_MS = Date.parse('2026-11-29T10:00:00Z');

function config(text: string): TrustConfig {
  const parsed = parseTrustConfig(text, 'rolewatch.yaml', { now: new Date(NOW_MS) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value.config;
}

const trust = compileTrust(
  config(`version: 1
roles:
  - arn: "arn:aws:iam::444455556666:role/app-admin"
    trustedPrincipals: ["111122223333"]
    requireMfa: true
  - arn: "arn:aws:iam::*:role/app-*"
    trustedPrincipals: ["service:lambda.amazonaws.com"]
suppressions:
  - rule: session-too-long
    role: "arn:aws:iam::*:role/DataPipeline"
    actor: "arn:aws:iam::444455556666:user/etl"
    expires: 2027-01-31
    reason: "migration, SEC-123"
    owner: "secops@acme.example"
  - rule: assume-denied
    role: "arn:aws:iam::444455556666:role/*"
    expires: 2026-11-29
    reason: "pen test window"
    owner: "secops@acme.example"
  - rule: federation-token
    role: "arn:aws:iam::*:*"
    expires: 2027-01-31
    reason: "the SSO broker federates users"
    owner: "platform@acme.example"
  - rule: root-credentials
    role: "arn:aws:iam::*:role/*"
    expires: 2027-01-31
    reason: "break-glass drill"
    owner: "secops@acme.example"
`),
);

describe('compileTrust: roleEntry', () => {
  it('returns the first entry whose pattern matches, in file order', () => {
    expect(trust.roleEntry('arn:aws:iam::444455556666:role/app-admin')?.requireMfa).toBe(true);
    expect(trust.roleEntry('arn:aws:iam::111122223333:role/app-web')?.arn).toBe('arn:aws:iam::*:role/app-*');
  });

  it('returns undefined for a role no entry lists', () => {
    expect(trust.roleEntry('arn:aws:iam::444455556666:role/Deploy')).toBeUndefined();
  });
});

describe('compileTrust: suppression', () => {
  const etl = ['arn:aws:iam::444455556666:user/etl'];

  it('finds a suppression for the same rule, role and actor', () => {
    const found = trust.suppression(
      { rule: 'session-too-long', roleArn: 'arn:aws:iam::444455556666:role/DataPipeline', actorArns: etl },
      NOW_MS,
    );

    expect(found?.reason).toBe('migration, SEC-123');
  });

  it('does not apply to another rule, another role or another actor', () => {
    const role = 'arn:aws:iam::444455556666:role/DataPipeline';

    expect(trust.suppression({ rule: 'mfa-missing', roleArn: role, actorArns: etl }, NOW_MS)).toBeUndefined();
    expect(
      trust.suppression(
        { rule: 'session-too-long', roleArn: 'arn:aws:iam::444455556666:role/Deploy', actorArns: etl },
        NOW_MS,
      ),
    ).toBeUndefined();
    expect(
      trust.suppression(
        { rule: 'session-too-long', roleArn: role, actorArns: ['arn:aws:iam::444455556666:user/alice'] },
        NOW_MS,
      ),
    ).toBeUndefined();
  });

  it('matches the actor pattern against any of the actor ARNs (session issuer included)', () => {
    const found = trust.suppression(
      {
        rule: 'session-too-long',
        roleArn: 'arn:aws:iam::444455556666:role/DataPipeline',
        actorArns: ['arn:aws:sts::444455556666:federated-user/etl', 'arn:aws:iam::444455556666:user/etl'],
      },
      NOW_MS,
    );

    expect(found).toBeDefined();
  });

  it('applies through the end of the expiry day and not after', () => {
    const q = { rule: 'assume-denied', roleArn: 'arn:aws:iam::444455556666:role/Deploy', actorArns: [] };

    expect(trust.suppression(q, Date.parse('2026-11-29T23:59:59Z'))).toBeDefined();
    expect(trust.suppression(q, Date.parse('2026-11-30T00:00:00Z'))).toBeUndefined();
  });

  it('applies to a finding without a role only when the role pattern covers every role', () => {
    expect(trust.suppression({ rule: 'federation-token', actorArns: [] }, NOW_MS)?.owner).toBe(
      'platform@acme.example',
    );
    expect(trust.suppression({ rule: 'assume-denied', actorArns: [] }, NOW_MS)).toBeUndefined();
    // Every role of every account is still not every finding: GetSessionToken by the root user has no role.
    expect(trust.suppression({ rule: 'root-credentials', actorArns: [] }, NOW_MS)).toBeUndefined();
    expect(
      trust.suppression(
        { rule: 'root-credentials', roleArn: 'arn:aws:iam::444455556666:role/Deploy', actorArns: [] },
        NOW_MS,
      ),
    ).toBeDefined();
  });
});

describe('a trust config sent to a scan worker', () => {
  it('is plain data that survives a structured clone, patterns and CIDR blocks included', () => {
    const original = config(`version: 1
roles:
  - arn: "arn:aws:iam::444455556666:role/ProdAdmin"
    trustedPrincipals: ["111122223333"]
    sessionNamePattern: "^[a-z.]+@acme\\\\.example$"
    sourceCidrs: ["203.0.113.0/24", "2001:db8::/32"]
    oidcSubjects: ["repo:acme/*"]
`);
    const cloned = structuredClone(original);

    expect(cloned).toEqual(original);
    const entry = compileTrust(cloned).roleEntry('arn:aws:iam::444455556666:role/ProdAdmin');
    expect(entry?.sessionNameMatches('jane@acme.example')).toBe(true);
    expect(entry?.sessionNameMatches('Jane@acme.example')).toBe(false);
    expect(entry?.sourceIpAllowed('2001:db8::9')).toBe(true);
    expect(entry?.sourceIpAllowed('192.0.2.1')).toBe(false);
    expect(entry?.oidcSubjectExpected('repo:acme/app')).toBe(true);
  });
});
