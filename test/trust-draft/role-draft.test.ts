import { describe, expect, it } from 'vitest';
import type { IamRole } from '../../functions/core/iam-roles/iam-role.ts';
import { draftRole } from '../../functions/core/trust-draft/role-draft.ts';

const A = '111122223333';
const B = '444455556666';
const PROVIDER = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
const SUB = 'token.actions.githubusercontent.com:sub';
const MAIN = 'repo:acme/app:ref:refs/heads/main';

const role = (Statement: unknown[], Version = '2012-10-17'): IamRole => ({
  arn: `arn:aws:iam::${A}:role/Deploy`,
  roleName: 'Deploy',
  path: '/',
  accountId: A,
  maxSessionSeconds: 3600,
  assumeRolePolicyDocument: encodeURIComponent(JSON.stringify({ Version, Statement })),
});

describe('draftRole: what IAM lets in, not what the policy lists', () => {
  it('drafts the subjects both sub conditions allow, not the union of their values', () => {
    const draft = draftRole(
      role([
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { [SUB]: 'repo:acme/*' }, StringEquals: { [SUB]: MAIN } },
        },
      ]),
    );
    expect(draft.trustedPrincipals).toEqual([`oidc:${PROVIDER}`]);
    expect(draft.oidcSubjects).toEqual([MAIN]);
  });

  it('does not trust the principal of a statement whose aws:SourceIp values are all unreadable', () => {
    const draft = draftRole(
      role([
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${B}:user/alice` },
          Action: 'sts:AssumeRole',
          Condition: { IpAddress: { 'aws:SourceIp': 'corporate-vpn' } },
        },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:role/ci` }, Action: 'sts:AssumeRole' },
      ]),
    );
    expect(draft.trustedPrincipals).toEqual([`arn:aws:iam::${B}:role/ci`]);
    expect(draft.sourceCidrs).toBeUndefined();
    expect(draft.notes.map((n) => n.text)).toEqual([
      expect.stringContaining('is not an IP address or CIDR block'),
      expect.stringMatching(
        /Statement\[0\]: IpAddress aws:SourceIp "corporate-vpn" holds no IP address.*not let in/,
      ),
    ]);
  });

  it('drafts a literal session-name pattern from an older policy that has no policy variables', () => {
    const statement = {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${B}:role/ci` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:RoleSessionName': `\${aws:username}` } },
    };
    expect(draftRole(role([statement], '2008-10-17')).sessionNamePattern).toBe('^\\$\\{aws:username\\}$');
    expect(draftRole(role([statement])).sessionNamePattern).toBeUndefined();
  });
});
