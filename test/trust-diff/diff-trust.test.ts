import { describe, expect, it } from 'vitest';
import type { IamRole } from '../../functions/core/iam-roles/iam-role.ts';
import type { TrustConfig } from '../../functions/core/model/trust-config.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';
import { diffTrust } from '../../functions/core/trust-diff/diff-trust.ts';
import type { TrustDrift } from '../../functions/core/trust-diff/trust-drift.ts';

const A = '111122223333';
const B = '444455556666';
const ROLE = `arn:aws:iam::${A}:role/Deploy`;

function trustFile(entry: string, extra = ''): TrustConfig {
  const text = `version: 1\naccounts: ["${A}"]\n${extra}roles:\n  - arn: "${ROLE}"\n${entry
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
  const r = parseTrustConfig(text, 'rolewatch.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.config;
}

function role(statements: unknown[], maxSessionSeconds: number | null = 3600, arn = ROLE): IamRole {
  return {
    arn,
    roleName: arn.slice(arn.lastIndexOf('/') + 1),
    path: '/',
    accountId: A,
    ...(maxSessionSeconds === null ? {} : { maxSessionSeconds }),
    // As the IAM API returns it.
    assumeRolePolicyDocument: encodeURIComponent(
      JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    ),
  };
}

const allow = (Principal: unknown, Condition?: unknown, Action = 'sts:AssumeRole') => ({
  Effect: 'Allow',
  Principal,
  Action,
  ...(Condition === undefined ? {} : { Condition }),
});

const drifts = (config: TrustConfig, roles: IamRole[]): TrustDrift[] => [...diffTrust(config, roles).drifts];
const kinds = (config: TrustConfig, roles: IamRole[]) => drifts(config, roles).map((d) => [d.kind, d.widens]);

describe('diffTrust: principals', () => {
  it('finds nothing when the entry trusts exactly what the policy lets in', () => {
    const config = trustFile(`trustedPrincipals: ["arn:aws:iam::${B}:role/ci"]`);
    expect(drifts(config, [role([allow({ AWS: `arn:aws:iam::${B}:role/ci` })])])).toEqual([]);
  });

  it('covers a role session only by a role pattern whose path is any path (the session ARN has none)', () => {
    const session = { AWS: `arn:aws:sts::${B}:assumed-role/Admin/bob` };
    const under = (pattern: string) =>
      kinds(trustFile(`trustedPrincipals: ["arn:aws:iam::${B}:${pattern}"]`), [role([allow(session)])]);
    // role/Admin may well be at the root: a pattern for /ci/ cannot be shown to cover its sessions.
    expect(under('role/ci/*')).toEqual([['untrusted-principal', true]]);
    for (const pattern of ['role/Admin', 'role/*', 'role/*/Admin']) expect(under(pattern)).toEqual([]);
  });

  it('flags a principal the entry does not trust, with the statement and the entry line', () => {
    const config = trustFile(`trustedPrincipals: ["arn:aws:iam::${B}:role/ci"]`);
    const found = drifts(config, [
      role([allow({ AWS: [`arn:aws:iam::${B}:role/ci`, `arn:aws:iam::${B}:user/mallory`] })]),
    ]);
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'untrusted-principal',
        widens: true,
        roleArn: ROLE,
        entry: { arn: ROLE, line: 4 },
        statement: 0,
        principals: [`arn:aws:iam::${B}:user/mallory`],
      }),
    ]);
  });

  it('does not count a whole account as covered by a role of that account', () => {
    const config = trustFile(`trustedPrincipals: ["arn:aws:iam::${B}:role/ci"]`);
    expect(kinds(config, [role([allow({ AWS: `arn:aws:iam::${B}:root` })])])).toEqual([
      ['untrusted-principal', true],
    ]);
  });

  it('counts principals of a trusted account, role patterns, sessions of a trusted role and service globs as covered', () => {
    const config = trustFile(
      `trustedPrincipals: ["${B}", "arn:aws:iam::${A}:role/ci-*", "arn:aws:iam::${A}:role/Okta", "service:*.amazonaws.com"]`,
    );
    const policy = role([
      allow({
        AWS: [
          `arn:aws:iam::${B}:user/alice`,
          `arn:aws:iam::${A}:role/ci-runner`,
          `arn:aws:sts::${A}:assumed-role/Okta/alice`,
        ],
        Service: 'ecs-tasks.amazonaws.com',
      }),
    ]);
    expect(drifts(config, [policy])).toEqual([]);
  });

  it('matches OIDC providers by host or by provider ARN (a host lives in the role’s account)', () => {
    const arn = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
    const byHost = trustFile('trustedPrincipals: ["oidc:token.actions.githubusercontent.com"]');
    const byArn = trustFile(`trustedPrincipals: ["oidc:${arn}"]`);
    const other = trustFile(
      `trustedPrincipals: ["oidc:arn:aws:iam::${B}:oidc-provider/token.actions.githubusercontent.com"]`,
    );
    const web = (p: string) => role([allow({ Federated: p }, undefined, 'sts:AssumeRoleWithWebIdentity')]);
    expect(drifts(byHost, [web(arn)])).toEqual([]);
    expect(drifts(byArn, [web(arn)])).toEqual([]);
    expect(drifts(byArn, [web('token.actions.githubusercontent.com')])).toEqual([]);
    expect(kinds(other, [web(arn)])).toEqual([['untrusted-principal', true]]);
  });

  it('reports what no entry can state ("*", NotPrincipal) as IAM letting in more, and not a Deny', () => {
    const config = trustFile(`trustedPrincipals: ["${B}"]`);
    const policy = role([
      allow({ AWS: B }),
      allow('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }),
      { Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${B}:user/bob` }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${B}:user/mallory` }, Action: 'sts:AssumeRole' },
    ]);
    expect(drifts(config, [policy]).map((d) => [d.kind, d.statement, d.widens])).toEqual([
      ['unstatable-grant', 1, true],
      ['unstatable-grant', 2, true],
    ]);
  });

  it('reports a policy it cannot read as possibly letting in anyone', () => {
    const config = trustFile(`trustedPrincipals: ["${B}"]`);
    expect(kinds(config, [{ ...role([]), assumeRolePolicyDocument: '%7Bbroken' }])).toEqual([
      ['unreadable-policy', true],
    ]);
  });
});

describe('diffTrust: conditions the entry requires', () => {
  const user = { AWS: `arn:aws:iam::${B}:user/alice` };
  const entry = (extra: string) => trustFile(`trustedPrincipals: ["${B}"]\n${extra}`);

  it.each([
    ['requireMfa: true', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }],
    ['requireExternalId: true', { StringEquals: { 'sts:ExternalId': 'x' } }],
    ['requireSourceIdentity: true', { StringLike: { 'sts:SourceIdentity': '*' } }],
  ])('%s: a statement without the condition lets in more; one with it does not', (key, condition) => {
    const config = entry(key);
    expect(drifts(config, [role([allow(user, condition)])])).toEqual([]);
    expect(drifts(config, [role([allow(user)])])).toEqual([
      expect.objectContaining({
        kind: 'missing-condition',
        widens: true,
        condition: key.split(':')[0],
        principals: [user.AWS],
      }),
    ]);
  });

  it('sourceCidrs: networks inside the declared ones pass, others and none are flagged, services are not judged', () => {
    const config = entry('sourceCidrs: ["203.0.113.0/24", "2001:db8::/32"]');
    const ip = (v: string[]) => ({ IpAddress: { 'aws:SourceIp': v } });
    expect(drifts(config, [role([allow(user, ip(['203.0.113.128/25', '2001:db8:ac::/48']))])])).toEqual([]);
    expect(drifts(config, [role([allow(user, ip(['203.0.113.0/23']))])])[0]).toMatchObject({
      kind: 'missing-condition',
      actual: 'aws:SourceIp also allows 203.0.112.0/23',
    });
    expect(kinds(config, [role([allow(user)])])).toEqual([['missing-condition', true]]);
    const withService = trustFile(
      'trustedPrincipals: ["service:ec2.amazonaws.com"]\nsourceCidrs: ["203.0.113.0/24"]',
    );
    expect(drifts(withService, [role([allow({ Service: 'ec2.amazonaws.com' })])])).toEqual([]);
  });

  it('sessionNamePattern: proves a widening with a name IAM allows, and says when it cannot decide', () => {
    const config = entry('sessionNamePattern: "^[a-z]+@acme\\\\.example$"');
    const names = (op: string, v: string[]) => ({ [op]: { 'sts:RoleSessionName': v } });
    expect(drifts(config, [role([allow(user, names('StringEquals', ['alice@acme.example']))])])).toEqual([]);
    expect(drifts(config, [role([allow(user, names('StringEquals', ['ci-bot']))])])[0]).toMatchObject({
      kind: 'missing-condition',
      actual: 'IAM allows the session name "ci-bot"',
    });
    expect(drifts(config, [role([allow(user, names('StringLike', ['*']))])])[0]).toMatchObject({
      kind: 'missing-condition',
      widens: true,
    });
    // Filling the glob with "Z9-x" gives a name the pattern refuses: proven.
    expect(drifts(config, [role([allow(user, names('StringLike', ['a*@acme.example']))])])[0]).toMatchObject({
      kind: 'missing-condition',
      actual: 'IAM allows the session name "aZ9-x@acme.example"',
    });
    // Punctuation STS allows in session names (here "@" and ".") proves what letters and digits cannot.
    const broad = entry('sessionNamePattern: "^[A-Za-z0-9-]+@acme\\\\.example$"');
    expect(drifts(broad, [role([allow(user, names('StringLike', ['a*@acme.example']))])])[0]).toMatchObject({
      kind: 'missing-condition',
      actual: 'IAM allows the session name "aa@b.c@acme.example"',
    });
    // So does an empty fill: "deploy-*" allows "deploy-", which "-[A-Za-z0-9-]+$" refuses.
    const deploy = entry('sessionNamePattern: "^deploy-[A-Za-z0-9-]+$"');
    expect(drifts(deploy, [role([allow(user, names('StringLike', ['deploy-*']))])])[0]).toMatchObject({
      kind: 'missing-condition',
      actual: 'IAM allows the session name "deploy-"',
    });
    // Every filling passes, yet the pattern is narrower than what IAM allows in ways no filling shows.
    const wide = entry('sessionNamePattern: "^[A-Za-z0-9+=,.@_-]{1,40}@acme\\\\.example$"');
    expect(drifts(wide, [role([allow(user, names('StringLike', ['a*@acme.example']))])])).toEqual([
      expect.objectContaining({ kind: 'unverified', widens: false, condition: 'sessionNamePattern' }),
    ]);
    expect(kinds(config, [role([allow(user)])])).toEqual([['missing-condition', true]]);
    const exact = entry('sessionNamePattern: "^.*@acme\\\\.example$"');
    expect(drifts(exact, [role([allow(user, names('StringLike', ['*@acme.example']))])])).toEqual([]);
  });

  it('oidcSubjects: subjects within the declared patterns pass; wider ones, or none, are flagged', () => {
    const provider = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
    const config = trustFile(`trustedPrincipals: ["oidc:${provider}"]\noidcSubjects: ["repo:acme/*"]`);
    const web = (sub?: string) =>
      role([
        allow(
          { Federated: provider },
          sub === undefined ? undefined : { StringLike: { 'token.actions.githubusercontent.com:sub': sub } },
          'sts:AssumeRoleWithWebIdentity',
        ),
      ]);
    expect(drifts(config, [web('repo:acme/app:ref:refs/heads/main')])).toEqual([]);
    expect(drifts(config, [web('repo:acme/app:*')])).toEqual([]);
    expect(drifts(config, [web('repo:*')])[0]).toMatchObject({
      kind: 'missing-condition',
      actual: 'IAM also allows repo:*',
    });
    expect(kinds(config, [web()])).toEqual([['missing-condition', true]]);
  });

  it('oidcSubjects: a StringLike and a StringEquals on one sub are both required; the entry may state what both allow', () => {
    const provider = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
    const SUB = 'token.actions.githubusercontent.com:sub';
    const MAIN = 'repo:acme/app:ref:refs/heads/main';
    const both = role([
      allow(
        { Federated: provider },
        { StringLike: { [SUB]: 'repo:acme/*' }, StringEquals: { [SUB]: MAIN } },
        'sts:AssumeRoleWithWebIdentity',
      ),
    ]);
    const declared = (subjects: string) =>
      trustFile(`trustedPrincipals: ["oidc:${provider}"]\noidcSubjects: [${subjects}]`);
    // IAM lets in only the main branch of acme/app: an entry declaring exactly that is no gap.
    expect(drifts(declared(`"${MAIN}"`), [both])).toEqual([]);
    // An entry that does not cover it still is, naming only what IAM allows.
    expect(drifts(declared('"repo:acme/web:*"'), [both])).toEqual([
      expect.objectContaining({ kind: 'missing-condition', widens: true, actual: `IAM also allows ${MAIN}` }),
    ]);
  });

  it('sourceCidrs: a statement whose aws:SourceIp values are all unreadable lets nobody in, so it is no gap', () => {
    const config = entry('sourceCidrs: ["203.0.113.0/24"]');
    const stranger = { AWS: `arn:aws:iam::999988887777:user/mallory` };
    const unreadable = { IpAddress: { 'aws:SourceIp': ['office', '203.0.113.0/33'] } };
    expect(drifts(config, [role([allow(stranger, unreadable)])])).toEqual([]);
    // One readable value is enough to let the principal in from there.
    expect(
      kinds(config, [
        role([allow(stranger, { IpAddress: { 'aws:SourceIp': ['office', '198.51.100.0/24'] } })]),
      ]),
    ).toEqual([['untrusted-principal', true]]);
  });

  it('gathers the principals of one statement that miss the same condition into one difference', () => {
    const config = entry('requireMfa: true');
    const found = drifts(config, [
      role([allow({ AWS: [`arn:aws:iam::${B}:user/a`, `arn:aws:iam::${B}:user/b`] })]),
    ]);
    expect(found.map((d) => d.principals)).toEqual([
      [`arn:aws:iam::${B}:user/a`, `arn:aws:iam::${B}:user/b`],
    ]);
  });
});

describe('diffTrust: sessions, roles and entries', () => {
  it('flags a MaxSessionDuration above maxSessionSeconds (the entry’s, else the default)', () => {
    const own = trustFile(`trustedPrincipals: ["${B}"]\nmaxSessionSeconds: 3600`);
    const byDefault = trustFile(`trustedPrincipals: ["${B}"]`, 'defaults:\n  maxSessionSeconds: 7200\n');
    const policy = [allow({ AWS: B })];
    expect(drifts(own, [role(policy, 3600)])).toEqual([]);
    expect(drifts(own, [role(policy, 43200)])[0]).toMatchObject({
      kind: 'session-too-long',
      widens: true,
      actual: 'MaxSessionDuration 43200',
    });
    expect(drifts(byDefault, [role(policy, 7200)])).toEqual([]);
    expect(drifts(byDefault, [role(policy, 10800)])[0]?.message).toContain('defaults.maxSessionSeconds');
    expect(kinds(own, [role(policy, null)])).toEqual([['unverified', false]]);
  });

  it('reports roles without an entry, as a widening only with unlistedRoles: alert', () => {
    const other = role([allow({ AWS: B })], 3600, `arn:aws:iam::${A}:role/Other`);
    const ignore = trustFile(`trustedPrincipals: ["${B}"]`);
    const alert = trustFile(`trustedPrincipals: ["${B}"]`, 'defaults:\n  unlistedRoles: alert\n');
    expect(kinds(ignore, [other])).toEqual([
      ['unlisted-role', false],
      ['missing-role', false],
    ]);
    expect(kinds(alert, [other])[0]).toEqual(['unlisted-role', true]);
  });

  it('reports an entry that matches no role of the accounts read, and leaves other accounts alone', () => {
    const config = trustFile(`trustedPrincipals: ["${B}"]`);
    const elsewhere: IamRole = {
      ...role([allow({ AWS: A })], 3600, `arn:aws:iam::${B}:role/X`),
      accountId: B,
    };
    expect(drifts(config, [elsewhere]).map((d) => d.kind)).toEqual(['unlisted-role']);
    const sameAccount = role([allow({ AWS: B })], 3600, `arn:aws:iam::${A}:role/Y`);
    expect(drifts(config, [sameAccount]).map((d) => [d.kind, d.entry?.arn])).toEqual([
      ['unlisted-role', undefined],
      ['missing-role', ROLE],
    ]);
  });

  it('summarises by kind and counts what widens', () => {
    const config = trustFile(`trustedPrincipals: ["arn:aws:iam::${B}:role/ci"]\nrequireMfa: true`);
    const diff = diffTrust(config, [
      role([allow({ AWS: [`arn:aws:iam::${B}:role/ci`, `arn:aws:iam::${B}:root`] })], 7200),
    ]);
    expect(diff.summary).toEqual({
      roles: 1,
      entries: 1,
      accounts: [A],
      widening: 3,
      other: 0,
      byKind: { 'untrusted-principal': 1, 'missing-condition': 1, 'session-too-long': 1 },
    });
  });
});
