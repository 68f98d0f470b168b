import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSessionNamePattern } from '../../functions/core/trust/session-name-pattern.ts';
import {
  AUTH_DETAILS,
  AUTH_DETAILS_ENCODED,
  commentsOn,
  entryFor,
  FIXTURE_EXTERNAL_ID,
  LIST_ROLES,
  LIST_ROLES_ENCODED,
  rolewatch,
  tempJson,
  validDraft,
} from '../support/trust-cli.ts';

const A = '111122223333';
const B = '444455556666';
const roleA = (name: string) => `arn:aws:iam::${A}:role/${name}`;
const roleB = (name: string) => `arn:aws:iam::${B}:role/${name}`;
/** Whether a drafted sessionNamePattern matches a name, as the engine runs it. */
const matchesName = (pattern: string | undefined, name: string): boolean | undefined =>
  pattern === undefined ? undefined : compileSessionNamePattern(pattern)(name);

describe('rolewatch trust import --from (saved IAM output)', async () => {
  const listRoles = await rolewatch('trust', 'import', '--from', LIST_ROLES);
  const details = await rolewatch('trust', 'import', '--from', AUTH_DETAILS);
  const both = await rolewatch('trust', 'import', '--from', LIST_ROLES, '--from', AUTH_DETAILS);
  const config = validDraft(both.stdout);

  it('prints a draft that validates, from list-roles and from get-account-authorization-details', () => {
    expect([listRoles.code, details.code, both.code]).toEqual([0, 0, 0]);
    expect(validDraft(listRoles.stdout).roles.length).toBeGreaterThan(10);
    expect(validDraft(details.stdout).roles.length).toBeGreaterThan(5);
    expect(config.accounts).toEqual([A, B]);
  });

  it('gives the same draft for URL-encoded documents (as the IAM API returns them) as for decoded ones', async () => {
    const encodedList = await rolewatch('trust', 'import', '--from', LIST_ROLES_ENCODED);
    const encodedDetails = await rolewatch('trust', 'import', '--from', AUTH_DETAILS_ENCODED);
    // The header names the file read; everything from `version: 1` on is the same.
    const body = (draft: string) => draft.slice(draft.indexOf('\nversion: 1\n'));
    expect(encodedList.stdout).toBe(listRoles.stdout);
    expect(body(encodedDetails.stdout)).toBe(body(details.stdout));
    expect(body(details.stdout).length).toBeGreaterThan(1000);
    expect(encodedList.stderr).toBe(listRoles.stderr);
  });

  it('maps Principal.AWS to account, user, role and session entries', () => {
    expect(
      entryFor(config, roleA('CrossAccountAdmin')).trustedPrincipals.map((m) => [m.kind, m.raw]),
    ).toEqual([
      ['account', B],
      ['principal', `arn:aws:iam::${B}:user/alice`],
    ]);
    expect(entryFor(config, roleB('ReadOnly')).trustedPrincipals.map((m) => m.raw)).toEqual([A]);
    expect(entryFor(config, roleB('Deploy')).trustedPrincipals.map((m) => [m.kind, m.raw])).toEqual([
      ['role', roleA('github-actions')],
      ['principal', `arn:aws:sts::${A}:assumed-role/OktaAdmin/alice@acme.example`],
    ]);
    expect(entryFor(config, roleB('PartnerFederation')).trustedPrincipals.map((m) => m.raw)).toEqual([
      `arn:aws:sts::${B}:federated-user/partner-broker`,
    ]);
  });

  it('maps Service to service:, a SAML provider to saml: and OIDC providers to oidc: with their subjects', () => {
    expect(entryFor(config, roleB('InstanceRole')).trustedPrincipals.map((m) => m.raw)).toEqual([
      'service:ec2.amazonaws.com',
      'service:ssm.amazonaws.com',
    ]);
    expect(entryFor(config, roleA('OktaAdmin')).trustedPrincipals.map((m) => m.raw)).toEqual([
      `saml:arn:aws:iam::${A}:saml-provider/Okta`,
    ]);
    const github = entryFor(config, roleA('github-actions'));
    expect(github.trustedPrincipals.map((m) => m.raw)).toEqual([
      `oidc:arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`,
    ]);
    expect(github.oidcSubjects).toEqual([
      'repo:acme/app:ref:refs/heads/main',
      'repo:acme/infra:environment:production',
    ]);
    const eks = entryFor(config, roleB('eks-app'));
    expect(eks.trustedPrincipals[0]).toMatchObject({
      kind: 'oidc',
      providerHost: 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
    });
    expect(eks.oidcSubjects).toEqual(['system:serviceaccount:default:app']);
    expect(entryFor(config, roleB('MobileApp')).trustedPrincipals.map((m) => m.raw)).toEqual([
      'oidc:cognito-identity.amazonaws.com',
    ]);
  });

  it('maps MFA, ExternalId, SourceIdentity, source networks, session names and MaxSessionDuration', () => {
    const admin = entryFor(config, roleA('CrossAccountAdmin'));
    expect(admin).toMatchObject({ requireMfa: true, requireExternalId: false, maxSessionSeconds: 3600 });
    expect(admin.sourceCidrs?.map((c) => c.raw)).toEqual(['2001:db8:ac::/48', '203.0.113.0/24']);
    expect(entryFor(config, roleA('VendorMonitoring')).requireExternalId).toBe(true);
    expect(entryFor(config, roleA('OktaAdmin')).maxSessionSeconds).toBe(43200);
    const breakGlass = entryFor(config, roleA('BreakGlass'));
    expect(breakGlass.requireSourceIdentity).toBe(true);
    expect(matchesName(breakGlass.sessionNamePattern, 'alice@acme.example')).toBe(true);
    expect(matchesName(breakGlass.sessionNamePattern, 'alice@acme.example.evil')).toBe(false);
    const deploy = entryFor(config, roleB('Deploy'));
    expect(
      ['deploy', 'deploy-hotfix', 'deploy-x'].map((n) => matchesName(deploy.sessionNamePattern, n)),
    ).toEqual([true, true, false]);
    const prod = entryFor(config, roleB('ProdAdmin'));
    expect(prod.sourceCidrs?.map((c) => c.raw)).toEqual([
      '192.0.2.0/24',
      '198.51.100.7/32',
      '203.0.113.0/24',
    ]);
    expect(prod).toMatchObject({ requireMfa: true, requireSourceIdentity: true });
  });

  it('never writes or prints the ExternalId value', () => {
    for (const run of [listRoles, both]) {
      expect(run.stdout).not.toContain(FIXTURE_EXTERNAL_ID);
      expect(run.stderr).not.toContain(FIXTURE_EXTERNAL_ID);
    }
    expect(both.stdout).toContain('requireExternalId: true    # the value itself is not copied');
  });

  // Every "cannot express" case: a comment on the entry, and (for warnings) a line on stderr.
  const cases: [string, string, string[]][] = [
    [
      'unique ids of deleted principals',
      roleA('LegacyDeploy'),
      [
        '"AROAEXAMPLEDELETED1234" is the unique id of a role',
        '"AIDAEXAMPLEDELETED5678" is the unique id of a user',
      ],
    ],
    [
      'a "*" principal',
      roleA('OrgShared'),
      ['Principal AWS "*" lets in any principal that meets aws:PrincipalOrgID'],
    ],
    [
      'a Deny statement',
      roleA('GuardedReadOnly'),
      ['(Sid "NotMallory"): a Deny for AWS "arn:aws:iam::444455556666:user/mallory"'],
    ],
    [
      'NotPrincipal',
      roleA('NotPrincipalRole'),
      ['an Allow with NotPrincipal AWS "arn:aws:iam::111122223333:user/bob"'],
    ],
    [
      'actions other than the role-trust ones, and malformed statements',
      roleA('OddActions'),
      [
        'Action "sts:*" covers more',
        'Action "iam:PassRole" is not a role-trust action',
        'NotAction "sts:TagSession"',
        'Principal type "CanonicalUser"',
        'Effect "Permit"',
        'an Allow without Principal',
      ],
    ],
    [
      'unknown condition operators, keys and policy variables',
      roleA('UnknownConditions'),
      [
        'StringNotEquals sts:ExternalId:',
        'BoolIfExists aws:MultiFactorAuthPresent',
        'NotIpAddress aws:SourceIp',
        `StringLike sts:RoleSessionName "\${aws:username}"`,
        'StringEquals aws:PrincipalTag/team "platform"',
        'ForAnyValue:StringLike sts:SourceIdentity',
      ],
    ],
    [
      'a service condition key',
      roleA('service-role/lambda-exec'),
      ['StringEquals aws:SourceAccount "111122223333"'],
    ],
    [
      'an unknown web identity claim',
      roleB('MobileApp'),
      ['ForAnyValue:StringLike cognito-identity.amazonaws.com:amr'],
    ],
    [
      'a subject glob that oidcSubjects can only widen',
      roleB('release-tagger'),
      ['is written as "repo:acme/app:ref:refs/tags/v*.*", which matches more subjects'],
    ],
  ];
  it.each(cases)('notes %s on the entry and on stderr', (_what, arn, expected) => {
    const comments = commentsOn(both.stdout, arn);
    const warnings = both.stderr.split('\n').filter((l) => l.startsWith(`warning: ${arn}: `));
    for (const text of expected) {
      expect(
        comments.some((c) => c.startsWith('warning: cannot express: ') && c.includes(text)),
        text,
      ).toBe(true);
      expect(
        warnings.some((w) => w.includes(text)),
        text,
      ).toBe(true);
    }
  });

  it('keeps information-only notes (an audience pin, an MFA age bound) as comments, not warnings', () => {
    expect(commentsOn(both.stdout, roleA('github-actions'))).toEqual([
      expect.stringMatching(/^note: cannot express: .*token\.actions\.githubusercontent\.com:aud/),
    ]);
    expect(commentsOn(both.stdout, roleA('CrossAccountAdmin'))).toEqual([
      expect.stringContaining('aws:MultiFactorAuthAge'),
    ]);
    expect(both.stderr).not.toMatch(/github-actions: .*:aud/);
  });

  it('leaves a role that lets in no nameable principal as a commented-out entry, not a wider one', () => {
    for (const name of ['OrgShared', 'NotPrincipalRole']) {
      expect(config.roles.find((e) => e.arn === roleA(name))).toBeUndefined();
      expect(both.stdout).toContain(`  # - arn: "${roleA(name)}"`);
      expect(both.stderr).toContain(`warning: ${roleA(name)}: no entry`);
    }
    expect(entryFor(config, roleA('LegacyDeploy')).trustedPrincipals.map((m) => m.raw)).toEqual([
      `arn:aws:iam::${A}:user/ops`,
    ]);
  });

  it('states a requirement only when every statement enforces it, and says so otherwise', () => {
    const mixed = entryFor(config, roleA('MixedConditions'));
    expect(mixed).toMatchObject({ requireMfa: false, sourceCidrs: undefined });
    const comments = commentsOn(both.stdout, roleA('MixedConditions'));
    expect(
      comments.some((c) =>
        c.startsWith(
          'note: requireMfa is set by Statement[0] (Sid "PeopleWithMfa") but not by Statement[1] (Sid "Lambda")',
        ),
      ),
    ).toBe(true);
    expect(comments.some((c) => c.startsWith('note: sourceCidrs is set by'))).toBe(true);
  });

  it('groups AWS service-linked roles at the end and sorts each group by ARN', () => {
    const arns = config.roles.map((e) => e.arn);
    const firstLinked = arns.findIndex((a) => a.includes(':role/aws-service-role/'));
    const regular = arns.slice(0, firstLinked);
    const linked = arns.slice(firstLinked);
    expect(linked.length).toBe(3);
    expect(linked.every((a) => a.includes(':role/aws-service-role/'))).toBe(true);
    expect(regular.some((a) => a.includes(':role/aws-service-role/'))).toBe(false);
    expect(regular).toEqual([...regular].sort());
    expect(linked).toEqual([...linked].sort());
    expect(both.stdout.indexOf('# AWS service-linked roles')).toBeLessThan(
      both.stdout.indexOf(linked[0] ?? '-'),
    );
  });

  it('is deterministic: the same roles in another order give the same bytes', async () => {
    const listing = JSON.parse(readFileSync(LIST_ROLES, 'utf8')) as { Roles: unknown[] };
    const reversed = tempJson('list-roles.json', { Roles: [...listing.Roles].reverse() });
    const again = await rolewatch('trust', 'import', '--from', reversed);
    expect(again.stdout).toBe(listRoles.stdout);
    expect(again.stderr).toBe(listRoles.stderr);
  });

  it('warns that get-account-authorization-details has no MaxSessionDuration, and takes it from list-roles when both are given', async () => {
    expect(details.stderr).toContain('carries no MaxSessionDuration');
    expect(entryFor(validDraft(details.stdout), roleB('ReadOnly')).maxSessionSeconds).toBeUndefined();
    const listing = JSON.parse(readFileSync(AUTH_DETAILS, 'utf8')) as {
      RoleDetailList: { Arn: string; RoleName: string; Path: string }[];
    };
    const readOnly = listing.RoleDetailList.find((r) => r.RoleName === 'ReadOnly');
    const listed = tempJson('list-roles.json', { Roles: [{ ...readOnly, MaxSessionDuration: 14400 }] });
    const merged = await rolewatch('trust', 'import', '--from', AUTH_DETAILS, '--from', listed);
    expect(entryFor(validDraft(merged.stdout), roleB('ReadOnly')).maxSessionSeconds).toBe(14400);
  });

  it('keeps hostile text from IAM inside one comment line', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' },
        {
          Sid: 'x\nroles: []\n\u001b[31m',
          Effect: 'Deny',
          Principal: { AWS: `arn:aws:iam::${A}:user/x\n  - arn: evil` },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    const file = tempJson('hostile.json', {
      Roles: [
        {
          Path: '/',
          RoleName: 'R',
          Arn: roleA('R'),
          AssumeRolePolicyDocument: policy,
          MaxSessionDuration: 3600,
        },
      ],
    });
    const run = await rolewatch('trust', 'import', '--from', file);
    expect(run.code).toBe(0);
    const draft = validDraft(run.stdout);
    expect(draft.roles.map((e) => e.arn)).toEqual([roleA('R')]);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stderr).not.toContain('\u001b');
    expect(commentsOn(run.stdout, roleA('R'))).toHaveLength(1);
  });
});

describe('rolewatch trust import: bad input and usage', () => {
  it('exits 2 naming a file that does not exist or is no IAM listing', async () => {
    const missing = await rolewatch('trust', 'import', '--from', '/nonexistent/list-roles.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/list-roles.json: cannot read');
    const other = await rolewatch('trust', 'import', '--from', tempJson('trail.json', { Records: [] }));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('not a saved IAM listing');
  });

  it('warns about a saved listing that is one page of a longer one', async () => {
    const run = await rolewatch(
      'trust',
      'import',
      '--from',
      tempJson('page.json', { Roles: [], IsTruncated: true, Marker: 'AAE' }),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('roles on later pages are missing');
    expect(validDraft(run.stdout).roles).toEqual([]);
  });

  it('refuses --from together with --role-arn, a malformed --role-arn, and unknown trust commands', async () => {
    const arn = roleB('Lister');
    expect((await rolewatch('trust', 'import', '--from', LIST_ROLES, '--role-arn', arn)).code).toBe(2);
    expect((await rolewatch('trust', 'import', '--role-arn', 'Lister')).stderr).toContain(
      '--role-arn takes a role ARN',
    );
    expect((await rolewatch('trust', 'frobnicate')).code).toBe(2);
    expect((await rolewatch('trust')).code).toBe(2);
  });

  it('drafts a valid file when no role lets in a nameable principal (roles: [] and the commented entries)', async () => {
    const listing = JSON.parse(readFileSync(LIST_ROLES, 'utf8'));
    const orgShared = listing.Roles.find((r: { RoleName: string }) => r.RoleName === 'OrgShared');
    const run = await rolewatch(
      'trust',
      'import',
      '--from',
      tempJson('list-roles.json', { Roles: [orgShared] }),
    );
    expect(run.code).toBe(0);
    expect(validDraft(run.stdout).roles).toEqual([]);
    expect(run.stdout).toContain(`roles: []\n  # - arn: "${roleA('OrgShared')}"`);
  });

  it('writes no entry for a role whose path holds a wildcard character, which would apply to other roles', async () => {
    // IAM allows any character from '!' to '~' in a path: `role/*/Admin` is one role, but as an entry's
    // arn it matches the Admin role of every path, and sorted first it would apply to them instead of theirs.
    const listing = JSON.parse(readFileSync(LIST_ROLES, 'utf8'));
    const admin = listing.Roles.find((r: { RoleName: string }) => r.RoleName === 'CrossAccountAdmin');
    const pathed = (path: string) => ({
      ...admin,
      Path: path,
      RoleName: 'Admin',
      Arn: `arn:aws:iam::${A}:role${path}Admin`,
    });
    const run = await rolewatch(
      'trust',
      'import',
      '--from',
      tempJson('list-roles.json', { Roles: [pathed('/*/'), pathed('/team-?/'), pathed('/prod/')] }),
    );

    expect(run.code).toBe(0);
    const config = validDraft(run.stdout);
    expect(config.roles.map((e) => e.arn)).toEqual([roleA('prod/Admin')]);
    for (const arn of [roleA('*/Admin'), roleA('team-?/Admin')]) {
      expect(run.stdout).toContain(`  # - arn: "${arn}"`);
      expect(run.stderr).toContain(`warning: ${arn}: not listed: its ARN holds '*' or '?'`);
    }
  });

  it('leaves out a principal whose path holds a wildcard character (it would trust others) or that is too long', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            AWS: [
              `arn:aws:iam::${B}:role/ci/runner`,
              `arn:aws:iam::${B}:role/?/runner`,
              `arn:aws:iam::${B}:user/ops/*/alice`,
              `arn:aws:sts::${B}:assumed-role/*/alice`,
            ],
            // Longer than a trust file takes: it made the whole draft invalid (exit 3).
            Service: `${'a'.repeat(2100)}.amazonaws.com`,
          },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    const listing = {
      Roles: [
        {
          Path: '/',
          RoleName: 'Deploy',
          Arn: roleA('Deploy'),
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: policy,
        },
      ],
    };
    const run = await rolewatch('trust', 'import', '--from', tempJson('list-roles.json', listing));

    expect(run.code).toBe(0);
    const entry = entryFor(validDraft(run.stdout), roleA('Deploy'));
    expect(entry.trustedPrincipals.map((m) => m.raw)).toEqual([`arn:aws:iam::${B}:role/ci/runner`]);
    for (const p of [`role/?/runner`, `user/ops/*/alice`]) {
      expect(run.stderr).toContain(`cannot express: principal "arn:aws:iam::${B}:${p}" is left out`);
    }
    expect(run.stderr).toContain('is left out: a trust file refuses it: an entry of 2122 characters');
    expect(commentsOn(run.stdout, roleA('Deploy'))).toHaveLength(4);
  });

  it('leaves out token subjects oidcSubjects cannot hold as written (empty, spaced, too long), and still drafts', async () => {
    const listing = JSON.parse(readFileSync(LIST_ROLES, 'utf8'));
    const github = listing.Roles.find((r: { RoleName: string }) => r.RoleName === 'github-actions');
    const [statement] = github.AssumeRolePolicyDocument.Statement;
    const main = 'repo:acme/app:ref:refs/heads/main';
    // An empty value made the whole draft invalid (exit 3); a spaced one is trimmed to another subject.
    const subjects = ['', ` ${main}`, `repo:acme/${'a'.repeat(2100)}`, main];
    const pinned = {
      ...statement,
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': subjects } },
    };
    const role = { ...github, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [pinned] } };
    const run = await rolewatch('trust', 'import', '--from', tempJson('list-roles.json', { Roles: [role] }));

    expect(run.code).toBe(0);
    expect(entryFor(validDraft(run.stdout), roleA('github-actions')).oidcSubjects).toEqual([main]);
    expect(run.stderr).toContain('the token subject "" is left out: oidcSubjects refuses an empty subject');
    expect(run.stderr).toContain(`the token subject " ${main}" is left out: a trust file trims the spaces`);
    expect(run.stderr).toContain('characters, more than oidcSubjects takes (2048)');

    const none = {
      ...pinned,
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': '' } },
    };
    const alone = { ...github, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [none] } };
    const unpinned = await rolewatch(
      'trust',
      'import',
      '--from',
      tempJson('list-roles.json', { Roles: [alone] }),
    );
    expect(unpinned.code).toBe(0);
    expect(entryFor(validDraft(unpinned.stdout), roleA('github-actions')).oidcSubjects).toBeUndefined();
    expect(unpinned.stderr).toContain('oidcSubjects left out: no subject IAM allows can be listed');
  });

  it('leaves out a session-name pattern the trust file would refuse (60 values), with a warning, and still drafts', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `deploy-team${String(i).padStart(2, '0')}-*`);
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${B}:role/ci-runner` },
          Action: 'sts:AssumeRole',
          Condition: { StringLike: { 'sts:RoleSessionName': names } },
        },
      ],
    };
    const listing = {
      Roles: [
        {
          Path: '/',
          RoleName: 'ManyNames',
          Arn: roleA('ManyNames'),
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: policy,
        },
      ],
    };
    const run = await rolewatch('trust', 'import', '--from', tempJson('many-names.json', listing));

    expect(run.code).toBe(0);
    const entry = entryFor(validDraft(run.stdout), roleA('ManyNames'));
    expect(entry?.trustedPrincipals).toHaveLength(1);
    expect(run.stdout).toContain(`- "arn:aws:iam::${B}:role/ci-runner"`);
    expect(entry?.sessionNamePattern).toBeUndefined();
    expect(run.stderr).toMatch(
      /sessionNamePattern left out: .*at most 1024 are allowed; write a shorter pattern by hand/,
    );
  });
});
