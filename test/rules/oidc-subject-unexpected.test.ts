import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRoleWithWebIdentityRecord,
  denied,
  patched,
  roleSession,
} from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';
import {
  assumeOn,
  FAILED_CALL,
  itGivesOutcomes,
  NO_MATCH,
  NO_ROLE_ENTRY,
  notApplicable,
  UNLISTED_ROLE,
} from './support/outcome-cases.ts';

const GITHUB_ROLE = `arn:aws:iam::${ACCOUNTS.tooling}:role/github-actions`;
const DEPLOY = `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.tooling}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${GITHUB_ROLE}"
    trustedPrincipals: ["oidc:token.actions.githubusercontent.com"]
    oidcSubjects:
      - "repo:acme/app:ref:refs/heads/main"
      - "repo:acme/infra:environment:*"
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/Deploy"
    trustedPrincipals: ["${GITHUB_ROLE}"]
`;

describe('oidc-subject-unexpected', () => {
  it('flags a GitHub Actions token from a branch the role does not expect', () => {
    const record = assumeRoleWithWebIdentityRecord({
      roleArn: GITHUB_ROLE,
      subject: 'repo:acme/app:ref:refs/heads/feature-x',
    });

    const [finding] = judgeRule('oidc-subject-unexpected', TRUST, record);

    expect(finding?.severity).toBe('high');
    expect(finding?.evidence.actual).toBe('repo:acme/app:ref:refs/heads/feature-x');
    expect(finding?.title).toContain('with token subject "repo:acme/app:ref:refs/heads/feature-x"');
  });

  it('flags a token from a fork whose subject only shares a prefix with a wildcard entry', () => {
    const record = assumeRoleWithWebIdentityRecord({
      roleArn: GITHUB_ROLE,
      subject: 'repo:acme/infra-fork:environment:prod',
    });

    expect(judgeRule('oidc-subject-unexpected', TRUST, record)).toHaveLength(1);
  });

  it('flags a record whose subject is missing', () => {
    const base = assumeRoleWithWebIdentityRecord({
      roleArn: GITHUB_ROLE,
      subject: 'repo:acme/app:ref:refs/heads/main',
    });
    const record = patched(base, {
      userIdentity: {
        userName: undefined,
        principalId: `arn:aws:iam::${ACCOUNTS.tooling}:oidc-provider/token.actions.githubusercontent.com`,
      },
      responseElements: { subjectFromWebIdentityToken: undefined },
    });

    const [finding] = judgeRule('oidc-subject-unexpected', TRUST, record);

    expect(finding?.evidence.actual).toBe('no subject in the record');
  });

  it('accepts expected subjects, exact or by wildcard (near miss)', () => {
    const main = assumeRoleWithWebIdentityRecord({
      roleArn: GITHUB_ROLE,
      subject: 'repo:acme/app:ref:refs/heads/main',
    });
    const env = assumeRoleWithWebIdentityRecord({
      roleArn: GITHUB_ROLE,
      subject: 'repo:acme/infra:environment:production',
    });

    expect(judgeRule('oidc-subject-unexpected', TRUST, main)).toEqual([]);
    expect(judgeRule('oidc-subject-unexpected', TRUST, env)).toEqual([]);
  });

  it("reads '?' in a subject literally: only '*' is a wildcard there (near miss)", () => {
    const yaml = TRUST.replace('"repo:acme/app:ref:refs/heads/main"', '"repo:acme/app:ref:refs/tags/v?"');
    const tag = (name: string) =>
      assumeRoleWithWebIdentityRecord({
        roleArn: GITHUB_ROLE,
        subject: `repo:acme/app:ref:refs/tags/${name}`,
      });

    expect(judgeRule('oidc-subject-unexpected', yaml, tag('v1'))).toHaveLength(1);
    expect(judgeRule('oidc-subject-unexpected', yaml, tag('v?'))).toEqual([]);
  });

  it('does not judge AssumeRole calls (unrelated record)', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.tooling, 'github-actions', 'GitHubActions'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`,
    });

    expect(judgeRule('oidc-subject-unexpected', TRUST, record)).toEqual([]);
  });
});

describe('oidc-subject-unexpected: not applicable versus no match', () => {
  itGivesOutcomes('oidc-subject-unexpected', TRUST, [
    [
      'a call without a web identity token',
      assumeOn(GITHUB_ROLE),
      notApplicable('AssumeRole carries no web identity token'),
    ],
    [
      'a failed web identity call',
      denied(assumeRoleWithWebIdentityRecord({ roleArn: GITHUB_ROLE, subject: 'repo:evil/x:ref:main' })),
      FAILED_CALL,
    ],
    [
      'a role no entry lists',
      assumeRoleWithWebIdentityRecord({
        roleArn: UNLISTED_ROLE,
        subject: 'repo:acme/app:ref:refs/heads/main',
      }),
      NO_ROLE_ENTRY,
    ],
    [
      'a role whose entry sets no subjects',
      assumeRoleWithWebIdentityRecord({ roleArn: DEPLOY, subject: 'repo:acme/app:ref:refs/heads/main' }),
      notApplicable('the role entry sets no oidcSubjects'),
    ],
    [
      'an expected subject (judged, fine)',
      assumeRoleWithWebIdentityRecord({
        roleArn: GITHUB_ROLE,
        subject: 'repo:acme/infra:environment:production',
      }),
      NO_MATCH,
    ],
    [
      'an unexpected subject',
      assumeRoleWithWebIdentityRecord({ roleArn: GITHUB_ROLE, subject: 'repo:acme/app:pull_request' }),
      expect.objectContaining({ status: 'match' }),
    ],
  ]);
});
