import { describe, expect, it } from 'vitest';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';
import { loadFixture } from '../normalize/load-records.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRoleWithSamlRecord,
  assumeRoleWithWebIdentityRecord,
  awsAccount,
  awsService,
  type CloudTrailRecord,
  iamUser,
  patched,
  roleSession,
} from '../rules/support/cloudtrail-records.ts';
import { judge, judgeRule, NOW_MS } from '../rules/support/judge.ts';

// CONTRACT §2: how the trust file is read, which entry applies, and how a trustedPrincipals entry
// matches an actor. Each case runs a real-shaped record through normalize → engine.

const { identity: IDENTITY, prod: PROD, outsider: OUTSIDER } = ACCOUNTS;
const TARGET = `arn:aws:iam::${PROD}:role/Target`;
const GH_HOST = 'token.actions.githubusercontent.com';

/** A trust file with one entry for TARGET trusting `principal`. */
const trusting = (principal: string, extra = ''): string => `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
roles:
  - arn: "${TARGET}"
    trustedPrincipals: ["${principal}"]
${extra === '' ? '' : `${extra}\n`}`;

const untrusted = (principal: string, record: CloudTrailRecord): boolean =>
  judgeRule('untrusted-principal', trusting(principal), record).length > 0;

const assumeTarget = (identity: Record<string, unknown>): CloudTrailRecord =>
  assumeRoleRecord({ identity, roleArn: TARGET });

describe('CONTRACT §2: which entry applies', () => {
  it('applies the first entry whose arn matches the role', () => {
    const trust = `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
roles:
  - arn: "arn:aws:iam::${PROD}:role/Tar*"
    trustedPrincipals: ["${IDENTITY}"]
    maxSessionSeconds: 7200
  - arn: "${TARGET}"
    trustedPrincipals: ["${OUTSIDER}"]
    maxSessionSeconds: 3600
`;
    const record = assumeRoleRecord({
      identity: iamUser(IDENTITY, 'alice'),
      roleArn: TARGET,
      durationSeconds: 5400,
    });

    const findings = judge(trust, record);

    expect(findings.map((f) => f.rule)).toEqual([]);
  });

  it('matches arn:aws:iam::*:role/service-role/* to a role with that path, and not to one without it', () => {
    const trust = `
version: 1
accounts: ["${PROD}"]
defaults: { unlistedRoles: alert }
roles:
  - arn: "arn:aws:iam::*:role/service-role/*"
    trustedPrincipals: ["service:lambda.amazonaws.com"]
    severity: critical
`;
    const lambda = loadFixture('assume-role/aws-service-lambda.json');
    const byUser = patched(lambda, { userIdentity: iamUser(PROD, 'mallory') });
    const noPath = patched(byUser, {
      requestParameters: { roleArn: `arn:aws:iam::${PROD}:role/orders-api-role-k2j4h1` },
    });

    expect(judge(trust, lambda)).toEqual([]);
    // The user's 12 h session is judged too: only AWS service actors are exempt from session-too-long.
    expect(judge(trust, byUser).map((f) => [f.rule, f.severity])).toEqual([
      ['untrusted-principal', 'critical'],
      ['session-too-long', 'critical'],
    ]);
    expect(judge(trust, noPath).map((f) => f.rule)).toEqual(['unlisted-role', 'session-too-long']);
  });

  it("lets a '*' in an arn span '/' within one part but never a ':' between parts", () => {
    const trust = `
version: 1
accounts: ["${PROD}", "${IDENTITY}"]
defaults: { unlistedRoles: alert }
roles:
  - arn: "arn:aws:iam::${PROD}:role/team-*"
    trustedPrincipals: ["${PROD}"]
`;
    const nested = assumeRoleRecord({
      identity: iamUser(PROD, 'alice'),
      roleArn: `arn:aws:iam::${PROD}:role/team-a/sub/Runner`,
    });
    const otherAccount = assumeRoleRecord({
      identity: iamUser(PROD, 'alice'),
      roleArn: `arn:aws:iam::${IDENTITY}:role/team-a`,
    });

    expect(judge(trust, nested).map((f) => f.rule)).toEqual([]);
    expect(judge(trust, otherAccount).map((f) => f.rule)).toEqual(['unlisted-role']);
  });

  it('matches roles and principals in the aws-cn partition without assuming arn:aws:', () => {
    const cn = (r: CloudTrailRecord): CloudTrailRecord => ({
      ...(JSON.parse(JSON.stringify(r).replaceAll('arn:aws:', 'arn:aws-cn:')) as CloudTrailRecord),
      awsRegion: 'cn-north-1',
    });
    const trust = `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
defaults: { unlistedRoles: alert }
roles:
  - arn: "arn:aws-cn:iam::${PROD}:role/Target"
    trustedPrincipals: ["arn:aws-cn:iam::${IDENTITY}:role/ci"]
`;

    expect(judge(trust, cn(assumeTarget(roleSession(IDENTITY, 'ci', 'run-1'))))).toEqual([]);
    expect(
      judge(trust, cn(assumeTarget(roleSession(IDENTITY, 'other', 'run-1')))).map((f) => f.rule),
    ).toEqual(['untrusted-principal']);
    // The same role in the commercial partition is another role: the aws-cn entry does not list it.
    expect(judge(trust, assumeTarget(roleSession(IDENTITY, 'ci', 'run-1'))).map((f) => f.rule)).toEqual([
      'unlisted-role',
    ]);
  });
});

describe('CONTRACT §2: how a trustedPrincipals entry matches an actor', () => {
  it('an account id, or arn:…:root, matches any principal of that account', () => {
    for (const entry of [IDENTITY, `arn:aws:iam::${IDENTITY}:root`]) {
      expect(untrusted(entry, assumeTarget(iamUser(IDENTITY, 'alice')))).toBe(false);
      expect(untrusted(entry, assumeTarget(roleSession(IDENTITY, 'any-role', 's')))).toBe(false);
      expect(untrusted(entry, assumeTarget(iamUser(OUTSIDER, 'alice')))).toBe(true);
    }
  });

  it('a role ARN matches a session of that role, by its session issuer', () => {
    const entry = `arn:aws:iam::${IDENTITY}:role/ci`;

    expect(untrusted(entry, assumeTarget(roleSession(IDENTITY, 'ci', 'run-1')))).toBe(false);
    expect(untrusted(entry, assumeTarget(roleSession(IDENTITY, 'ci-other', 'run-1')))).toBe(true);
    expect(untrusted(entry, assumeTarget(iamUser(IDENTITY, 'ci')))).toBe(true);
  });

  it('a role ARN matches a session whose sessionIssuer is missing, by its assumed-role/NAME/ ARN', () => {
    const session = roleSession(IDENTITY, 'ci', 'run-1');
    const noIssuer = { ...session, sessionContext: { attributes: { mfaAuthenticated: 'false' } } };
    const otherRole = { ...noIssuer, arn: `arn:aws:sts::${IDENTITY}:assumed-role/intruder/run-1` };

    expect(untrusted(`arn:aws:iam::${IDENTITY}:role/ci`, assumeTarget(noIssuer))).toBe(false);
    expect(untrusted(`arn:aws:iam::${IDENTITY}:role/ci`, assumeTarget(otherRole))).toBe(true);
  });

  it('a role ARN with a path matches a session whose issuer carries that path', () => {
    const withPath = patched(roleSession(IDENTITY, 'ci', 'run-1'), {
      sessionContext: { sessionIssuer: { arn: `arn:aws:iam::${IDENTITY}:role/build/ci` } },
    });

    expect(untrusted(`arn:aws:iam::${IDENTITY}:role/build/ci`, assumeTarget(withPath))).toBe(false);
    expect(untrusted(`arn:aws:iam::${IDENTITY}:role/deploy/ci`, assumeTarget(withPath))).toBe(true);
  });

  it("a user ARN with '*' matches those users, and a federated-user ARN that principal", () => {
    const federated = {
      type: 'FederatedUser',
      principalId: `${IDENTITY}:partner`,
      arn: `arn:aws:sts::${IDENTITY}:federated-user/partner`,
      accountId: IDENTITY,
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLEBROKER001',
          arn: `arn:aws:iam::${IDENTITY}:user/broker`,
          accountId: IDENTITY,
          userName: 'broker',
        },
        attributes: { creationDate: '2026-11-29T09:00:00Z', mfaAuthenticated: 'false' },
      },
    };

    expect(untrusted(`arn:aws:iam::${IDENTITY}:user/*`, assumeTarget(iamUser(IDENTITY, 'alice')))).toBe(
      false,
    );
    expect(untrusted(`arn:aws:iam::${IDENTITY}:user/*`, assumeTarget(iamUser(OUTSIDER, 'alice')))).toBe(true);
    expect(untrusted(`arn:aws:sts::${IDENTITY}:federated-user/partner`, assumeTarget(federated))).toBe(false);
    expect(untrusted(`arn:aws:iam::${IDENTITY}:user/broker`, assumeTarget(federated))).toBe(true);
  });

  it('service:NAME matches an AWSService actor invoked by NAME', () => {
    expect(
      untrusted('service:ecs-tasks.amazonaws.com', assumeTarget(awsService('ecs-tasks.amazonaws.com'))),
    ).toBe(false);
    expect(untrusted('service:ecs-tasks.amazonaws.com', assumeTarget(awsService('ec2.amazonaws.com')))).toBe(
      true,
    );
  });

  it('saml:ARN matches a SAMLUser whose request names that provider in principalArn', () => {
    const okta = `arn:aws:iam::${IDENTITY}:saml-provider/Okta`;
    const viaOkta = assumeRoleWithSamlRecord({
      roleArn: TARGET,
      providerArn: okta,
      subject: 'jane@acme.example',
    });
    const viaOther = assumeRoleWithSamlRecord({
      roleArn: TARGET,
      providerArn: `arn:aws:iam::${IDENTITY}:saml-provider/Rogue`,
      subject: 'jane@acme.example',
    });

    expect(untrusted(`saml:${okta}`, viaOkta)).toBe(false);
    expect(untrusted(`saml:${okta}`, viaOther)).toBe(true);
  });

  describe('oidc:HOST and oidc:ARN', () => {
    const providerArn = `arn:aws:iam::${PROD}:oidc-provider/${GH_HOST}`;
    const byArn = assumeRoleWithWebIdentityRecord({
      roleArn: TARGET,
      subject: 'repo:acme/app:ref:refs/heads/main',
    });
    // Some records name the provider by its host only (identityProvider and responseElements.provider).
    const byHost = patched(byArn, {
      userIdentity: { identityProvider: GH_HOST, principalId: `${GH_HOST}:sts.amazonaws.com:repo:acme/app` },
      responseElements: { provider: GH_HOST },
    });
    const otherProvider = patched(byArn, {
      userIdentity: {
        identityProvider: `arn:aws:iam::${PROD}:oidc-provider/gitlab.example.com`,
        principalId: `arn:aws:iam::${PROD}:oidc-provider/gitlab.example.com:sts.amazonaws.com:x`,
      },
      responseElements: { provider: `arn:aws:iam::${PROD}:oidc-provider/gitlab.example.com` },
    });

    it.each([
      ['the host', `oidc:${GH_HOST}`],
      ['the provider ARN', `oidc:${providerArn}`],
    ])('an entry naming %s matches a record that gives the provider ARN or only the host', (_, entry) => {
      expect(untrusted(entry, byArn)).toBe(false);
      expect(untrusted(entry, byHost)).toBe(false);
      expect(untrusted(entry, otherProvider)).toBe(true);
    });

    it('an oidc:ARN entry of another account does not match the provider of the role account', () => {
      const elsewhere = `oidc:arn:aws:iam::${OUTSIDER}:oidc-provider/${GH_HOST}`;

      expect(untrusted(elsewhere, byArn)).toBe(true);
      expect(untrusted(elsewhere, byHost)).toBe(true);
    });
  });

  describe("the role owner's AWSAccount copy (only the account known)", () => {
    const ownerCopy = assumeRoleRecord({
      identity: awsAccount(IDENTITY, 'AROAEXAMPLEOKTAADMIN1:jane'),
      roleArn: TARGET,
      sharedEventID: '5f0c5d9e-8c1e-4d7a-9a55-2b7f0f3c9e21',
    });

    it.each([
      ['the account', IDENTITY],
      ['a role in it', `arn:aws:iam::${IDENTITY}:role/OktaAdmin`],
      ['a user in it', `arn:aws:iam::${IDENTITY}:user/alice`],
    ])('matches an entry that names %s', (_, entry) => {
      expect(untrusted(entry, ownerCopy)).toBe(false);
    });

    it('does not match an entry of another account, or a service, SAML or OIDC entry', () => {
      expect(untrusted(OUTSIDER, ownerCopy)).toBe(true);
      expect(untrusted('service:ec2.amazonaws.com', ownerCopy)).toBe(true);
      expect(untrusted(`saml:arn:aws:iam::${IDENTITY}:saml-provider/Okta`, ownerCopy)).toBe(true);
    });

    it('says in the evidence that the principal could not be resolved further', () => {
      const trust = trusting(`arn:aws:iam::${IDENTITY}:role/OktaAdmin`, '    requireMfa: true');

      const [finding] = judgeRule('mfa-missing', trust, ownerCopy);

      expect(finding?.evidence.note).toContain('could not be resolved further');
      expect(finding?.actor).toEqual({
        type: 'AWSAccount',
        accountId: IDENTITY,
        display: `account ${IDENTITY} (cross-account caller; principal not resolved)`,
      });
    });
  });
});

describe('CONTRACT §2: defaults and options', () => {
  const assumeUnlisted = assumeRoleRecord({
    identity: iamUser(IDENTITY, 'alice'),
    roleArn: `arn:aws:iam::${PROD}:role/Unlisted`,
  });

  it('ignores roles that match no entry by default, and alerts on them with unlistedRoles: alert', () => {
    const base = `version: 1\naccounts: ["${IDENTITY}", "${PROD}"]\nroles: []\n`;

    expect(judge(base, assumeUnlisted)).toEqual([]);
    expect(judge(`${base}defaults: { unlistedRoles: alert }\n`, assumeUnlisted).map((f) => f.rule)).toEqual([
      'unlisted-role',
    ]);
  });

  it('allows chaining by default, and a role entry overrides defaults.allowChaining', () => {
    const chained = assumeTarget(roleSession(IDENTITY, 'ci', 'run-1'));
    const entry = (extra: string) => trusting(`arn:aws:iam::${IDENTITY}:role/ci`, extra);

    expect(judgeRule('role-chaining', entry(''), chained)).toEqual([]);
    expect(judgeRule('role-chaining', entry('    allowChaining: false'), chained)).toHaveLength(1);
    const denyByDefault = `${entry('    allowChaining: true')}defaults: { allowChaining: false }\n`;
    expect(judgeRule('role-chaining', denyByDefault, chained)).toEqual([]);
  });

  it('applies defaults.maxSessionSeconds (3600 when absent) to roles without their own', () => {
    const twoHours = assumeRoleRecord({
      identity: iamUser(IDENTITY, 'alice'),
      roleArn: TARGET,
      durationSeconds: 7200,
    });

    expect(judgeRule('session-too-long', trusting(IDENTITY), twoHours)).toHaveLength(1);
    const longer = `${trusting(IDENTITY)}defaults: { maxSessionSeconds: 7200 }\n`;
    expect(judgeRule('session-too-long', longer, twoHours)).toEqual([]);
  });

  it("accepts '*' in oidcSubjects", () => {
    const trust = trusting(`oidc:${GH_HOST}`, '    oidcSubjects: ["repo:acme/app:*"]');
    const main = assumeRoleWithWebIdentityRecord({
      roleArn: TARGET,
      subject: 'repo:acme/app:ref:refs/heads/main',
    });
    const fork = assumeRoleWithWebIdentityRecord({
      roleArn: TARGET,
      subject: 'repo:evil/app:ref:refs/heads/main',
    });

    expect(judgeRule('oidc-subject-unexpected', trust, main)).toEqual([]);
    expect(judgeRule('oidc-subject-unexpected', trust, fork)).toHaveLength(1);
  });

  it('warns about an expired suppression, naming it, and no longer applies it', () => {
    const text = `${trusting(IDENTITY)}suppressions:
  - rule: session-too-long
    role: "${TARGET}"
    expires: 2026-01-31
    reason: "migration, SEC-123"
    owner: "secops@acme.example"
`;

    const parsed = parseTrustConfig(text, 'rolewatch.yaml', { now: new Date(NOW_MS) });

    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.warnings).toEqual([
      expect.objectContaining({ file: 'rolewatch.yaml', key: 'suppressions[0]', line: 10 }),
    ]);
    expect(parsed.value.warnings[0]?.message).toContain('session-too-long');
    expect(parsed.value.config.suppressions).toEqual([]);
  });
});
