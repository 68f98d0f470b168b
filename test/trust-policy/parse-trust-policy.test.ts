import { describe, expect, it } from 'vitest';
import {
  formatTrustPolicyNote,
  parseTrustPolicy,
} from '../../functions/core/trust-policy/parse-trust-policy.ts';
import type { TrustPolicy, TrustPolicyNoteKind } from '../../functions/core/trust-policy/trust-policy.ts';

const A = '111122223333';
const B = '444455556666';
// Assembled at run time so that the literal appears nowhere but here.
const EXTERNAL_ID = ['vendor', 'shared', 'secret', '91c2'].join('-');

const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const allow = (Principal: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal,
  Action: 'sts:AssumeRole',
  ...extra,
});

function parsed(document: unknown): TrustPolicy {
  const r = parseTrustPolicy(document);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const entries = (p: TrustPolicy): string[] => p.grants.flatMap((g) => g.principals.map((x) => x.entry));
const kinds = (p: TrustPolicy): TrustPolicyNoteKind[] => p.notes.map((n) => n.kind);
/** The call a principal assumes a role with: AWS principals AssumeRole, federated ones their own. */
const actionFor = (principal: unknown): string => {
  const federated = JSON.stringify((principal as { Federated?: unknown }).Federated ?? '');
  if (federated === '""') return 'sts:AssumeRole';
  return federated.includes('saml-provider') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
};

const onlyConditions = (condition: unknown, principal: unknown = { AWS: `arn:aws:iam::${B}:user/alice` }) => {
  const p = parsed(policy(allow(principal, { Condition: condition, Action: actionFor(principal) })));
  expect(p.grants).toHaveLength(1);
  return { conditions: p.grants[0]?.conditions, notes: p.notes };
};

describe('parseTrustPolicy: the document as IAM and the CLI give it', () => {
  const doc = policy(allow({ Service: 'ec2.amazonaws.com' }));

  it('reads the parsed object the AWS CLI prints', () => {
    expect(entries(parsed(doc))).toEqual(['service:ec2.amazonaws.com']);
  });

  it('reads the URL-encoded text the IAM API returns (RFC 3986, pretty-printed or compact)', () => {
    expect(entries(parsed(encodeURIComponent(JSON.stringify(doc, null, 4))))).toEqual([
      'service:ec2.amazonaws.com',
    ]);
    expect(entries(parsed(encodeURIComponent(JSON.stringify(doc))))).toEqual(['service:ec2.amazonaws.com']);
  });

  it('reads a form-encoded document whose spaces are written as +', () => {
    const text = encodeURIComponent(JSON.stringify(doc, null, 1)).replace(/%20/g, '+');
    expect(entries(parsed(text))).toEqual(['service:ec2.amazonaws.com']);
  });

  it('never decodes JSON text a second time: a % inside it stays as written', () => {
    const p = parsed(
      JSON.stringify(
        policy(
          allow(
            { AWS: `arn:aws:iam::${A}:user/ops` },
            { Condition: { StringLike: { 'sts:RoleSessionName': '100%25' } } },
          ),
        ),
      ),
    );
    expect(p.grants[0]?.conditions.sessionNamePattern).toBe('^100%25$');
  });

  it('fails with a reason on text that is no policy', () => {
    expect(parseTrustPolicy('%7Bnot json')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not JSON'),
    });
    expect(parseTrustPolicy('%E0%A4%A')).toMatchObject({
      ok: false,
      error: expect.stringContaining('malformed'),
    });
    expect(parseTrustPolicy('[]')).toMatchObject({ ok: false });
    expect(parseTrustPolicy({ Version: '2012-10-17' })).toEqual({
      ok: false,
      error: 'the policy has no Statement',
    });
    expect(parseTrustPolicy(42)).toMatchObject({ ok: false });
  });

  it('accepts a single statement that is not in a list', () => {
    expect(entries(parsed({ Version: '2012-10-17', Statement: allow({ AWS: A }) }))).toEqual([A]);
  });
});

describe('parseTrustPolicy: principals', () => {
  it('maps Principal.AWS to account, role, user and session entries', () => {
    const p = parsed(
      policy(
        allow({
          AWS: [
            `arn:aws:iam::${B}:root`,
            A,
            `arn:aws:iam::${B}:role/ci/runner`,
            `arn:aws:iam::${B}:user/alice`,
            `arn:aws:sts::${B}:assumed-role/Deploy/build-42`,
            `arn:aws:sts::${B}:federated-user/broker`,
            `arn:aws-us-gov:iam::${B}:role/gov`,
          ],
        }),
      ),
    );
    expect(p.grants[0]?.principals).toEqual([
      { kind: 'account', entry: B, accountId: B },
      { kind: 'account', entry: A, accountId: A },
      {
        kind: 'role',
        entry: `arn:aws:iam::${B}:role/ci/runner`,
        arn: `arn:aws:iam::${B}:role/ci/runner`,
        accountId: B,
      },
      {
        kind: 'user',
        entry: `arn:aws:iam::${B}:user/alice`,
        arn: `arn:aws:iam::${B}:user/alice`,
        accountId: B,
      },
      expect.objectContaining({
        kind: 'assumed-role',
        entry: `arn:aws:sts::${B}:assumed-role/Deploy/build-42`,
      }),
      expect.objectContaining({ kind: 'federated-user', entry: `arn:aws:sts::${B}:federated-user/broker` }),
      expect.objectContaining({ kind: 'role', entry: `arn:aws-us-gov:iam::${B}:role/gov` }),
    ]);
    expect(p.notes).toEqual([]);
  });

  it('maps Service to service:, a SAML provider to saml: and OIDC providers to oidc:', () => {
    const saml = `arn:aws:iam::${A}:saml-provider/Okta`;
    const oidc = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
    const p = parsed(
      policy(
        allow({ Service: ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com.cn'] }),
        { ...allow({ Federated: saml }), Action: 'sts:AssumeRoleWithSAML' },
        {
          ...allow({ Federated: [oidc, 'cognito-identity.amazonaws.com'] }),
          Action: 'sts:AssumeRoleWithWebIdentity',
        },
      ),
    );
    expect(entries(p)).toEqual([
      'service:ecs-tasks.amazonaws.com',
      'service:ec2.amazonaws.com.cn',
      `saml:${saml}`,
      `oidc:${oidc}`,
      'oidc:cognito-identity.amazonaws.com',
    ]);
    expect(p.grants.map((g) => g.actions)).toEqual([
      ['AssumeRole'],
      ['AssumeRoleWithSAML'],
      ['AssumeRoleWithWebIdentity'],
    ]);
    expect(p.grants[2]?.principals[0]).toMatchObject({
      providerHost: 'token.actions.githubusercontent.com',
      providerArn: oidc,
    });
  });

  it('drops duplicate principals within a statement', () => {
    expect(entries(parsed(policy(allow({ AWS: [A, A, `arn:aws:iam::${A}:root`] }))))).toEqual([A]);
  });

  it('notes "*" principals as letting in more than any entry can state, naming the conditions', () => {
    for (const principal of ['*', { AWS: '*' }, { AWS: ['*'] }]) {
      const p = parsed(
        policy(allow(principal, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })),
      );
      expect(p.grants).toEqual([]);
      expect(p.notes).toEqual([
        expect.objectContaining({ kind: 'wildcard-principal', widens: true, level: 'warning' }),
      ]);
      expect(p.notes[0]?.message).toContain('aws:PrincipalOrgID');
    }
  });

  it('notes unique ids of deleted principals (AROA…, AIDA…) and keeps the living ones', () => {
    const p = parsed(
      policy(
        allow({ AWS: ['AROAEXAMPLEDELETED1234', 'AIDAEXAMPLEDELETED5678', `arn:aws:iam::${A}:user/ops`] }),
      ),
    );
    expect(entries(p)).toEqual([`arn:aws:iam::${A}:user/ops`]);
    expect(kinds(p)).toEqual(['unique-id-principal', 'unique-id-principal']);
    expect(p.notes[0]?.message).toContain('a role that was deleted');
    expect(p.notes[1]?.message).toContain('a user that was deleted');
    expect(p.notes.every((n) => !n.widens)).toBe(true);
  });

  it('notes principals that are not ones a role can trust', () => {
    const p = parsed(
      policy(
        allow({ CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }),
        allow({
          AWS: [`arn:aws:iam::${A}:group/admins`, 'arn:aws:iam::12345:user/x', `arn:aws:iam::${A}:user/a*`],
        }),
        allow({ Service: 'EC2 service' }),
        allow({ Federated: `arn:aws:iam::${A}:user/x` }),
      ),
    );
    expect(p.grants).toEqual([]);
    expect(kinds(p)).toEqual(Array(6).fill('unrecognised-principal'));
  });
});

describe('parseTrustPolicy: conditions', () => {
  it('maps sts:ExternalId to requireExternalId and never carries its value', () => {
    for (const condition of [
      { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
      { StringLike: { 'STS:EXTERNALID': [EXTERNAL_ID] } },
      { Null: { 'sts:ExternalId': 'false' } },
    ]) {
      expect(onlyConditions(condition).conditions?.requireExternalId).toBe(true);
    }
    const unsupported = parsed(
      policy(allow({ AWS: A }, { Condition: { StringNotEquals: { 'sts:ExternalId': EXTERNAL_ID } } })),
    );
    expect(unsupported.grants[0]?.conditions.requireExternalId).toBe(false);
    expect(kinds(unsupported)).toEqual(['unknown-condition-operator']);
    const weird = parsed(
      policy(allow({ AWS: A }, { Condition: { StringEquals: { 'sts:ExternalIdentifier': EXTERNAL_ID } } })),
    );
    expect(kinds(weird)).toEqual(['unknown-condition-key']);
    for (const p of [unsupported, weird]) expect(JSON.stringify(p)).not.toContain('91c2');
  });

  it('maps aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge to requireMfa', () => {
    expect(onlyConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }).conditions?.requireMfa).toBe(
      true,
    );
    expect(onlyConditions({ Bool: { 'aws:MultiFactorAuthPresent': true } }).conditions?.requireMfa).toBe(
      true,
    );
    const age = onlyConditions({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } });
    expect(age.conditions?.requireMfa).toBe(true);
    expect(age.notes).toEqual([
      expect.objectContaining({ kind: 'condition-partly-expressed', level: 'info' }),
    ]);
    expect(onlyConditions({ Null: { 'aws:MultiFactorAuthAge': 'false' } }).conditions?.requireMfa).toBe(true);
  });

  it('does not read an MFA condition that lets requests without MFA in as requireMfa', () => {
    for (const condition of [
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
      { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      { Null: { 'aws:MultiFactorAuthPresent': 'false' } },
      { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '60' } },
    ]) {
      const r = onlyConditions(condition);
      expect(r.conditions?.requireMfa).toBe(false);
      expect(r.notes.map((n) => n.kind)).toEqual(['unknown-condition-operator']);
    }
  });

  it('maps aws:SourceIp to canonical CIDR blocks', () => {
    const r = onlyConditions({
      IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7', '192.0.2.77/24', '2001:DB8:AC::/48'] },
    });
    expect(r.conditions?.sourceCidrs).toEqual([
      '203.0.113.0/24',
      '198.51.100.7/32',
      '192.0.2.0/24',
      '2001:db8:ac::/48',
    ]);
    const bad = onlyConditions({ IpAddress: { 'aws:SourceIp': ['not-an-ip', '203.0.113.0/24'] } });
    expect(bad.conditions?.sourceCidrs).toEqual(['203.0.113.0/24']);
    expect(bad.notes.map((n) => n.kind)).toEqual(['malformed-statement']);
    const negated = onlyConditions({ NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } });
    expect(negated.conditions?.sourceCidrs).toBeUndefined();
    expect(negated.notes.map((n) => n.kind)).toEqual(['unknown-condition-operator']);
  });

  it('maps sts:RoleSessionName globs to an anchored regular expression', () => {
    const like = onlyConditions({ StringLike: { 'sts:RoleSessionName': ['*@acme.example', 'ci-???'] } });
    const re = new RegExp(like.conditions?.sessionNamePattern ?? '');
    expect(like.conditions?.sessionNamePattern).toBe('^(?:.*@acme\\.example|ci-...)$');
    for (const ok of ['alice@acme.example', '@acme.example', 'ci-123']) expect(re.test(ok)).toBe(true);
    for (const no of ['alice@acmeXexample', 'alice@acme.example.evil', 'ci-1234', 'ci-12'])
      expect(re.test(no)).toBe(false);
    const equals = onlyConditions({ StringEquals: { 'sts:RoleSessionName': 'deploy*' } });
    expect(new RegExp(equals.conditions?.sessionNamePattern ?? '').test('deploy*')).toBe(true);
    expect(new RegExp(equals.conditions?.sessionNamePattern ?? '').test('deploy-x')).toBe(false);
  });

  it('notes a session-name condition built on a policy variable instead of guessing a pattern', () => {
    const r = onlyConditions({ StringLike: { 'sts:RoleSessionName': `\${aws:username}` } });
    expect(r.conditions?.sessionNamePattern).toBeUndefined();
    expect(r.notes.map((n) => n.kind)).toEqual(['policy-variable']);
    const escaped = onlyConditions({ StringLike: { 'sts:RoleSessionName': `a\${*}b*` } });
    expect(escaped.conditions?.sessionNamePattern).toBe('^a\\*b.*$');
  });

  it('maps sts:SourceIdentity to requireSourceIdentity, noting a pinned value', () => {
    expect(onlyConditions({ StringLike: { 'sts:SourceIdentity': '*' } })).toEqual({
      conditions: expect.objectContaining({ requireSourceIdentity: true }),
      notes: [],
    });
    const pinned = onlyConditions({ StringEquals: { 'sts:SourceIdentity': `\${saml:sub}` } });
    expect(pinned.conditions?.requireSourceIdentity).toBe(true);
    expect(pinned.notes).toEqual([
      expect.objectContaining({ kind: 'condition-partly-expressed', level: 'info' }),
    ]);
  });

  it('maps the sub condition of the statement’s OIDC provider to oidcSubjects and notes the audience', () => {
    const provider = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
    const r = onlyConditions(
      {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'Token.Actions.GitHubUserContent.com:sub': ['repo:acme/app:*', 'repo:acme/web:ref:refs/tags/v?'],
        },
      },
      { Federated: provider },
    );
    expect(r.conditions?.oidcSubjects).toEqual(['repo:acme/app:*', 'repo:acme/web:ref:refs/tags/v*']);
    expect(r.notes.map((n) => [n.kind, n.level])).toEqual([
      ['condition-partly-expressed', 'info'],
      ['condition-partly-expressed', 'warning'],
    ]);
    expect(r.notes[1]?.message).toContain('matches more subjects');
  });

  it('leaves oidcSubjects out when one of two providers does not pin its subjects', () => {
    const r = onlyConditions(
      { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' } },
      {
        Federated: [
          `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`,
          'accounts.google.com',
        ],
      },
    );
    expect(r.conditions?.oidcSubjects).toBeUndefined();
    expect(r.notes.map((n) => n.kind)).toEqual(['condition-partly-expressed']);
  });

  it('notes unknown condition keys and set operators, with values except secrets', () => {
    const r = onlyConditions({
      StringEquals: { 'aws:PrincipalTag/team': 'platform', 'token.actions.githubusercontent.com:sub': 'x' },
      'ForAnyValue:StringLike': { 'sts:SourceIdentity': '*' },
      StringLikeIfExists: { 'sts:RoleSessionName': 'ci-*' },
    });
    expect(r.conditions).toEqual({
      requireMfa: false,
      requireExternalId: false,
      requireSourceIdentity: false,
    });
    expect(r.notes.map((n) => n.kind)).toEqual([
      'unknown-condition-key',
      'unknown-condition-key',
      'unknown-condition-operator',
      'unknown-condition-operator',
    ]);
    expect(r.notes[0]?.message).toContain('"platform"');
    expect(r.notes[3]?.message).toContain('lets in requests that lack the key');
  });
});

describe('parseTrustPolicy: what a trust file cannot state', () => {
  it('notes a Deny as IAM letting in less, keeping the Allow', () => {
    const p = parsed(
      policy(allow({ AWS: B }), {
        Sid: 'NotMallory',
        Effect: 'Deny',
        Principal: { AWS: `arn:aws:iam::${B}:user/mallory` },
        Action: 'sts:AssumeRole',
      }),
    );
    expect(entries(p)).toEqual([B]);
    expect(p.notes).toEqual([
      expect.objectContaining({ kind: 'deny-statement', statement: 1, sid: 'NotMallory', widens: false }),
    ]);
    expect(formatTrustPolicyNote(p.notes[0]!)).toMatch(
      /^Statement\[1\] \(Sid "NotMallory"\): a Deny for AWS "arn:aws:iam::444455556666:user\/mallory"/,
    );
  });

  it('notes an Allow with NotPrincipal as letting in more than any entry can state', () => {
    const p = parsed(
      policy({
        Effect: 'Allow',
        NotPrincipal: { AWS: `arn:aws:iam::${A}:user/bob` },
        Action: 'sts:AssumeRole',
      }),
    );
    expect(p.grants).toEqual([]);
    expect(p.notes).toEqual([expect.objectContaining({ kind: 'not-principal', widens: true })]);
  });

  it('reads actions: the assume family, companions silently, anything else as a note', () => {
    const user = { AWS: `arn:aws:iam::${A}:user/ci` };
    const p = parsed(
      policy(
        allow(user, { Action: ['sts:AssumeRole', 'sts:TagSession'] }),
        allow(user, { Action: 'sts:TagSession' }),
        allow(user, { Action: 'STS:ASSUMEROLE*' }),
        allow(user, { Action: 'sts:*' }),
        allow(user, { Action: 'iam:PassRole' }),
        { Effect: 'Allow', Principal: user, NotAction: 'sts:AssumeRoleWith*' },
      ),
    );
    expect(p.grants.map((g) => [g.statement, g.actions])).toEqual([
      [0, ['AssumeRole']],
      [2, ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']],
      [3, ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']],
      [5, ['AssumeRole']],
    ]);
    expect(p.notes.map((n) => [n.statement, n.kind])).toEqual([
      [3, 'unsupported-action'],
      [4, 'unsupported-action'],
      [5, 'not-action'],
    ]);
  });

  it('notes malformed statements and an Allow without a principal', () => {
    const p = parsed(
      policy(
        'not a statement',
        { Effect: 'Permit', Principal: { AWS: A }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Action: 'sts:AssumeRole' },
      ),
    );
    expect(p.grants).toEqual([]);
    expect(kinds(p)).toEqual(['malformed-statement', 'malformed-statement', 'missing-principal']);
  });

  it('keeps statement positions and Sids on grants', () => {
    const p = parsed(
      policy(
        { Sid: 'Deny', Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' },
        { ...allow({ AWS: A }), Sid: 'Ops' },
      ),
    );
    expect(p.grants.map((g) => [g.statement, g.sid])).toEqual([[1, 'Ops']]);
  });
});

describe('parseTrustPolicy: principals and the call they assume with', () => {
  it('lets in only the principals that can make a call the statement allows, saying which cannot', () => {
    const saml = `arn:aws:iam::${A}:saml-provider/Okta`;
    const oidc = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
    const p = parsed(
      policy(
        allow({ AWS: `arn:aws:iam::${B}:user/alice` }, { Action: 'sts:AssumeRoleWithWebIdentity' }),
        allow({ Federated: saml }, { Action: 'sts:AssumeRole' }),
        allow({ Federated: [saml, oidc] }, { Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'] }),
        allow({ Service: 'lambda.amazonaws.com' }, { Action: 'sts:*' }),
      ),
    );

    expect(entries(p)).toEqual([`saml:${saml}`, 'service:lambda.amazonaws.com']);
    const unusable = p.notes.filter((n) => n.kind === 'unusable-grant');
    expect(unusable.map((n) => n.statement)).toEqual([0, 1, 2]);
    expect(unusable[0]?.message).toContain('needs sts:AssumeRole');
    expect(unusable.every((n) => n.widens !== true)).toBe(true);
  });
});

describe('parseTrustPolicy: conditions on one key are all required (IAM ANDs them)', () => {
  const provider = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
  const SUB = 'token.actions.githubusercontent.com:sub';
  const MAIN = 'repo:acme/app:ref:refs/heads/main';

  it('oidcSubjects: keeps the values of one condition that the other also matches, not both lists', () => {
    const r = onlyConditions(
      {
        StringLike: { [SUB]: 'repo:acme/*' },
        StringEquals: { [SUB]: [MAIN, 'repo:other/app:ref:refs/heads/main'] },
      },
      { Federated: provider },
    );
    expect(r.conditions?.oidcSubjects).toEqual([MAIN]);
    expect(r.notes).toEqual([]);
    // The key is case-insensitive: two spellings in one block are two required conditions.
    const spelled = onlyConditions(
      {
        StringLike: {
          [SUB]: ['repo:acme/*', 'repo:tools/*'],
          'Token.Actions.GitHubUserContent.com:SUB': 'repo:acme/app:*',
        },
      },
      { Federated: provider },
    );
    expect(spelled.conditions?.oidcSubjects).toEqual(['repo:acme/app:*']);
  });

  it('oidcSubjects: when the common subjects cannot be written, states one side (never both) with a note', () => {
    const r = onlyConditions(
      {
        StringLike: {
          [SUB]: 'repo:acme/*',
          'Token.Actions.GitHubUserContent.com:sub': '*:ref:refs/heads/main',
        },
      },
      { Federated: provider },
    );
    // The more specific value stands; IAM narrows it further to repo:acme/ subjects.
    expect(r.conditions?.oidcSubjects).toEqual(['*:ref:refs/heads/main']);
    expect(r.notes.map((n) => [n.kind, n.level])).toEqual([['condition-partly-expressed', 'warning']]);
    expect(r.notes[0]?.message).toContain('are all required');
  });

  it('bounds the work of relating values: a policy of costly values is read at once, stating one side with a note', () => {
    // Each pair of these values would take seconds to relate in full (IAM accepts them: 399 characters).
    const stars = (step: number) =>
      Array.from({ length: 200 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * step) % 26]).join('*');
    const r = onlyConditions(
      {
        StringLike: { [SUB]: stars(3), 'Token.Actions.GitHubUserContent.com:SUB': stars(5) },
      },
      { Federated: provider },
    );
    expect(r.conditions?.oidcSubjects).toHaveLength(1);
    expect(r.notes.filter((n) => n.kind === 'condition-partly-expressed').length).toBeGreaterThanOrEqual(1);
    // Three more conditions on the key share the same budget: still one value, no hang.
    const more = onlyConditions(
      {
        StringLike: {
          [SUB]: stars(3),
          'Token.Actions.GitHubUserContent.com:SUB': stars(5),
          'TOKEN.actions.githubusercontent.com:sub': stars(7),
        },
        StringEquals: { [SUB]: stars(9) },
      },
      { Federated: provider },
    );
    expect(more.conditions?.oidcSubjects?.length).toBeLessThanOrEqual(1);
  });

  it('sourceCidrs: two spellings of aws:SourceIp keep the networks inside both', () => {
    const r = onlyConditions({
      IpAddress: {
        'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24', '2001:db8::/32'],
        'AWS:SourceIP': ['10.1.0.0/16', '192.0.2.128/25', '198.51.100.0/24', '2001:db8:ac::/48'],
      },
    });
    expect(r.conditions?.sourceCidrs).toEqual(['10.1.0.0/16', '192.0.2.128/25', '2001:db8:ac::/48']);
    expect(r.notes).toEqual([]);
  });

  it('sts:RoleSessionName: a second condition narrows the pattern instead of being ignored', () => {
    const r = onlyConditions({
      StringLike: { 'sts:RoleSessionName': 'ci-*' },
      StringEquals: { 'sts:RoleSessionName': ['ci-1', 'prod-1'] },
    });
    expect(r.conditions?.sessionNamePattern).toBe('^ci-1$');
    expect(r.conditions?.sessionNames).toEqual({ values: ['ci-1'], like: false });
    expect(r.notes).toEqual([]);
    // Values kept from both operators stand in one StringLike list, StringEquals ones escaped.
    const mixed = onlyConditions({
      StringLike: { 'sts:RoleSessionName': ['ci-*', 'ops-2'] },
      StringEquals: { 'sts:RoleSessionName': ['ci-1?', 'ops-2'] },
    });
    expect(mixed.conditions?.sessionNames).toEqual({ values: [`ci-1\${?}`, 'ops-2'], like: true });
    const re = new RegExp(mixed.conditions?.sessionNamePattern ?? '');
    expect(['ops-2', 'ci-1?'].map((n) => re.test(n))).toEqual([true, true]);
    expect(['ci-12', 'ci-3', 'ops-3'].map((n) => re.test(n))).toEqual([false, false, false]);
    // Overlapping globs: one side stands, with a note, where the old reader kept the first and said
    // only that the second "is not read".
    const overlap = onlyConditions({
      StringLike: { 'sts:RoleSessionName': 'deploy-*', 'STS:RoleSessionName': '*@acme.example' },
    });
    expect(overlap.conditions?.sessionNames).toEqual({ values: ['*@acme.example'], like: true });
    expect(overlap.notes.map((n) => n.kind)).toEqual(['condition-partly-expressed']);
  });

  it('a statement whose conditions on one key have nothing in common lets nobody in', () => {
    const subjects = parsed(
      policy(
        allow(
          { Federated: provider },
          {
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { [SUB]: MAIN }, StringLike: { [SUB]: 'repo:other/*' } },
          },
        ),
        allow({ AWS: `arn:aws:iam::${B}:role/ci` }),
      ),
    );
    expect(entries(subjects)).toEqual([`arn:aws:iam::${B}:role/ci`]);
    expect(subjects.notes).toEqual([
      expect.objectContaining({ kind: 'unusable-grant', statement: 0, widens: false }),
    ]);
    const networks = parsed(
      policy(
        allow(
          { AWS: `arn:aws:iam::${B}:user/alice` },
          { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8', 'aws:sourceip': '192.0.2.0/24' } } },
        ),
      ),
    );
    expect(networks.grants).toEqual([]);
    expect(kinds(networks)).toEqual(['unusable-grant']);
    expect(networks.notes[0]?.message).toContain('no address is in all of them');
  });
});

describe('parseTrustPolicy: an aws:SourceIp condition no address can match', () => {
  it('lets nobody in through a statement whose IpAddress values are all unreadable', () => {
    const p = parsed(
      policy(
        allow(
          { AWS: `arn:aws:iam::${B}:user/alice` },
          { Condition: { IpAddress: { 'aws:SourceIp': ['office-network', '203.0.113.300'] } } },
        ),
        allow({ AWS: `arn:aws:iam::${B}:role/ci` }),
      ),
    );
    expect(entries(p)).toEqual([`arn:aws:iam::${B}:role/ci`]);
    expect(kinds(p)).toEqual(['malformed-statement', 'malformed-statement', 'unusable-grant']);
    expect(p.notes[2]).toMatchObject({ statement: 0, widens: false });
    expect(p.notes[2]?.message).toContain(`"arn:aws:iam::${B}:user/alice" is not let in by this statement`);
  });
});

describe('parseTrustPolicy: policy variables exist only in the 2012-10-17 language', () => {
  const named = (Version: string | undefined, op: string, value: string) => {
    const statement = allow(
      { AWS: `arn:aws:iam::${B}:user/alice` },
      { Condition: { [op]: { 'sts:RoleSessionName': value } } },
    );
    const p = parsed(
      Version === undefined ? { Statement: [statement] } : { Version, Statement: [statement] },
    );
    return { conditions: p.grants[0]?.conditions, notes: p.notes };
  };

  it('2012-10-17: the variable aws:username depends on the caller, so no pattern is stated', () => {
    const r = named('2012-10-17', 'StringEquals', `\${aws:username}`);
    expect(r.conditions?.sessionNamePattern).toBeUndefined();
    expect(r.notes.map((n) => n.kind)).toEqual(['policy-variable']);
  });

  it('2008-10-17 or no Version: the variable syntax is literal text, and no escape either', () => {
    for (const version of ['2008-10-17', undefined]) {
      const r = named(version, 'StringEquals', `\${aws:username}`);
      expect(r.notes).toEqual([]);
      const re = new RegExp(r.conditions?.sessionNamePattern ?? '^$');
      expect(re.test(`\${aws:username}`)).toBe(true);
      expect(re.test('alice')).toBe(false);
      // In StringLike the '*' of "${*}" is a wildcard between literal "${" and "}".
      const like = new RegExp(named(version, 'StringLike', `a\${*}`).conditions?.sessionNamePattern ?? '^$');
      expect([`a\${x}`, `a\${}`, 'a*'].map((n) => like.test(n))).toEqual([true, true, false]);
    }
  });

  it('reads OIDC subjects of an older policy as written', () => {
    const provider = `arn:aws:iam::${A}:oidc-provider/accounts.google.com`;
    const statement = allow(
      { Federated: provider },
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'accounts.google.com:sub': `\${www.amazon.com:user_id}` } },
      },
    );
    expect(
      parsed({ Version: '2008-10-17', Statement: [statement] }).grants[0]?.conditions.oidcSubjects,
    ).toEqual([`\${www.amazon.com:user_id}`]);
    const current = parsed({ Version: '2012-10-17', Statement: [statement] });
    expect(current.grants[0]?.conditions.oidcSubjects).toBeUndefined();
    expect(kinds(current)).toEqual(['policy-variable']);
  });

  it('notes a Version IAM does not know, and reads variables as variables there', () => {
    const r = named('2012-10-18', 'StringEquals', `\${aws:username}`);
    expect(r.conditions?.sessionNamePattern).toBeUndefined();
    expect(r.notes.map((n) => n.kind)).toEqual(['malformed-statement', 'policy-variable']);
  });
});
