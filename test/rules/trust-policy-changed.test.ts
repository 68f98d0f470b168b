import { describe, expect, it } from 'vitest';
import { ACCOUNTS, assumeRoleRecord, iamUser } from './support/cloudtrail-records.ts';
import { allow, createRole, refused, updateAssumeRolePolicy, updateRole } from './support/iam-records.ts';
import { judgeRule } from './support/judge.ts';
import { itGivesOutcomes, NO_MATCH, notApplicable } from './support/outcome-cases.ts';

const { identity: IDENTITY, prod: PROD, tooling: TOOLING, vendor: VENDOR, outsider: OUTSIDER } = ACCOUNTS;
const GITHUB = `arn:aws:iam::${TOOLING}:role/github-actions`;
const OKTA_ADMIN = `arn:aws:iam::${IDENTITY}:role/OktaAdmin`;

const TRUST = (unlistedRoles: 'alert' | 'ignore' = 'alert') => `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
defaults: { maxSessionSeconds: 3600, unlistedRoles: ${unlistedRoles} }
roles:
  - arn: "arn:aws:iam::${PROD}:role/Deploy"
    trustedPrincipals: ["${GITHUB}"]
  - arn: "arn:aws:iam::${PROD}:role/ProdAdmin"
    trustedPrincipals: ["${OKTA_ADMIN}"]
    requireMfa: true
    sourceCidrs: ["203.0.113.0/24"]
    maxSessionSeconds: 7200
    severity: critical
  - arn: "arn:aws:iam::${PROD}:role/VendorMonitoring"
    trustedPrincipals: ["${VENDOR}"]
    requireExternalId: true
  - arn: "arn:aws:iam::*:role/service-role/*"
    trustedPrincipals: ["service:lambda.amazonaws.com"]
`;

const fires = (record: Record<string, unknown>, unlisted: 'alert' | 'ignore' = 'alert') =>
  judgeRule('trust-policy-changed', TRUST(unlisted), record);

const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
const OFFICE = { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } };

describe('trust-policy-changed', () => {
  it('fires when a new trust policy lets in a principal the entry does not trust, naming role, actor and principal', () => {
    const [finding, ...more] = fires(
      updateAssumeRolePolicy('Deploy', [
        allow({ AWS: GITHUB }),
        allow({ AWS: `arn:aws:iam::${OUTSIDER}:root` }),
      ]),
    );

    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'trust-policy-changed',
      severity: 'high',
      eventName: 'UpdateAssumeRolePolicy',
      role: { arn: `arn:aws:iam::${PROD}:role/Deploy`, accountId: PROD },
      actor: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${PROD}:assumed-role/ProdAdmin/alice.nguyen@acme.example`,
      },
      session: {},
      evidence: {
        expected: `trusted principals: ${GITHUB}`,
        actual: `lets in ${OUTSIDER}`,
        note: expect.stringContaining('without its path'),
      },
    });
    expect(finding?.title).toContain('changed the trust policy of role Deploy');
  });

  it('does not fire for a narrowing (a condition added) or a no-op (exactly what the entry trusts)', () => {
    expect(fires(updateAssumeRolePolicy('Deploy', [allow({ AWS: GITHUB }, OFFICE)]))).toEqual([]);
    expect(fires(updateAssumeRolePolicy('Deploy', [allow({ AWS: GITHUB })]))).toEqual([]);
    expect(
      fires(updateAssumeRolePolicy('ProdAdmin', [allow({ AWS: OKTA_ADMIN }, { ...MFA, ...OFFICE })])),
    ).toEqual([]);
  });

  it('fires when a new policy drops a condition the entry requires, at the role severity', () => {
    const [finding] = fires(updateAssumeRolePolicy('ProdAdmin', [allow({ AWS: OKTA_ADMIN }, OFFICE)]));

    expect(finding?.severity).toBe('critical');
    expect(finding?.evidence.expected).toBe('requireMfa: Bool aws:MultiFactorAuthPresent "true"');
    expect(finding?.evidence.actual).toBe(`${OKTA_ADMIN}: no such condition`);
  });

  it('fires when the ExternalId condition goes, and never prints its value', () => {
    const withId = allow({ AWS: VENDOR }, { StringEquals: { 'sts:ExternalId': 'acme-7Q2x-secret' } });
    expect(fires(updateAssumeRolePolicy('VendorMonitoring', [withId]))).toEqual([]);
    const [finding] = fires(updateAssumeRolePolicy('VendorMonitoring', [allow({ AWS: VENDOR })]));
    expect(finding?.evidence.expected).toContain('requireExternalId');
    const widened = fires(updateAssumeRolePolicy('VendorMonitoring', [withId, allow({ AWS: OUTSIDER })]));
    expect(JSON.stringify(widened)).not.toContain('acme-7Q2x-secret');
    expect(widened).toHaveLength(1);
  });

  it('fires for what no entry can state ("*", NotPrincipal) and for a policy it cannot read', () => {
    const [star] = fires(updateAssumeRolePolicy('Deploy', [allow({ AWS: GITHUB }), allow({ AWS: '*' })]));
    expect(star?.evidence.actual).toMatch(/Principal AWS "\*" lets in any principal/);
    const unreadable = {
      ...updateAssumeRolePolicy('Deploy', []),
      requestParameters: { roleName: 'Deploy', policyDocument: '{"Statement": [' },
    };
    expect(fires(unreadable)[0]?.evidence.actual).toMatch(/could not be read/);
  });

  it('reads CreateRole: a role no entry matches fires with unlistedRoles: alert, and is not judged with ignore', () => {
    const created = createRole('reporting', [allow({ Service: 'lambda.amazonaws.com' })]);
    const [finding] = fires(created);
    expect(finding).toMatchObject({
      eventName: 'CreateRole',
      role: { arn: `arn:aws:iam::${PROD}:role/reporting` },
      evidence: {
        expected: 'a roles entry for the role (unlistedRoles: alert)',
        actual: 'lets in service:lambda.amazonaws.com',
      },
    });
    expect(finding?.evidence).not.toHaveProperty('note');
    expect(fires(created, 'ignore')).toEqual([]);
  });

  it('judges the MaxSessionDuration of CreateRole and UpdateRole against the entry, defaults otherwise', () => {
    expect(fires(createRole('Deploy', [allow({ AWS: GITHUB })]))).toEqual([]);
    const [long] = fires(createRole('Deploy', [allow({ AWS: GITHUB })], 43_200));
    expect(long?.evidence).toMatchObject({
      expected: 'MaxSessionDuration ≤ 3600',
      actual: 'MaxSessionDuration 43200',
    });
    expect(fires(updateRole('ProdAdmin', 7200))).toEqual([]);
    expect(fires(updateRole('ProdAdmin', 28_800))[0]?.title).toContain(
      'changed the maximum session duration of role ProdAdmin',
    );
  });

  itGivesOutcomes('trust-policy-changed', TRUST(), [
    [
      'a refused change',
      refused(updateAssumeRolePolicy('Deploy', [allow({ AWS: '*' })])),
      notApplicable('failed call (AccessDenied): the role was not changed'),
    ],
    [
      'an UpdateRole that changes only the description',
      updateRole('Deploy'),
      notApplicable(
        'UpdateRole without maxSessionDuration: neither the trust policy nor the session limit changes',
      ),
    ],
    [
      'an update whose record lacks the policy',
      { ...updateAssumeRolePolicy('Deploy', []), requestParameters: { roleName: 'Deploy' } },
      notApplicable('the record does not carry the new trust policy (requestParameters.policyDocument)'),
    ],
    [
      'a credential-issuing call',
      assumeRoleRecord({ identity: iamUser(IDENTITY, 'alice'), roleArn: `arn:aws:iam::${PROD}:role/Deploy` }),
      notApplicable(
        'the rule judges IAM trust-policy changes (CreateRole, UpdateAssumeRolePolicy, UpdateRole)',
      ),
    ],
    ['a change within the entry', updateAssumeRolePolicy('Deploy', [allow({ AWS: GITHUB })]), NO_MATCH],
    [
      'an update of a role known only by name, which an entry with a path may cover',
      updateAssumeRolePolicy('orders-api', [allow({ Service: 'lambda.amazonaws.com' })]),
      notApplicable(
        'the record names the role without its path, no entry names it exactly, and it may be under arn:aws:iam::*:role/service-role/* (line 17): the change is not wider under every entry that could apply (those, and the role as unlisted, at no path)',
      ),
    ],
  ]);

  describe('a role an update call names without its path', () => {
    // A pathed role with its exact entry (as trust import writes it) before a catch-all, and a wildcard
    // entry with a path (issue: review of 2 December, findings 1 and 2).
    const PATHED = `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
defaults: { maxSessionSeconds: 3600, unlistedRoles: alert }
roles:
  - arn: "arn:aws:iam::${PROD}:role/team/Deploy"
    trustedPrincipals: ["${GITHUB}"]
    requireExternalId: true
  - arn: "arn:aws:iam::${PROD}:role/service-role/*"
    trustedPrincipals: ["service:lambda.amazonaws.com"]
  - arn: "arn:aws:iam::${PROD}:role/*"
    trustedPrincipals: ["${TOOLING}"]
`;
    const judge = (record: Record<string, unknown>) => judgeRule('trust-policy-changed', PATHED, record);

    it('is judged against the entry naming it exactly, whatever the case of the name, with its full ARN', () => {
      for (const name of ['Deploy', 'deploy']) {
        const [finding, ...more] = judge(
          updateAssumeRolePolicy(name, [allow({ AWS: `arn:aws:iam::${TOOLING}:root` })]),
        );

        expect(more).toEqual([]);
        expect(finding?.role?.arn).toBe(`arn:aws:iam::${PROD}:role/team/Deploy`);
        expect(finding?.evidence).toMatchObject({
          expected: `trusted principals: ${GITHUB}`,
          note: expect.stringContaining('the entry naming it exactly gives'),
        });
      }
      // The same session limit change: the exact entry's (default) limit, not the catch-all's.
      expect(judge(updateRole('Deploy', 43_200))).toHaveLength(1);
    });

    it('fires for a role known only by name when every entry it could fall under finds the change wider', () => {
      const [finding] = judge(updateAssumeRolePolicy('Anything', [allow({ AWS: '*' })]));

      expect(finding?.evidence.note).toMatch(
        /judged against every entry it could fall under \(arn:aws:iam::444455556666:role\/service-role\/\* \(line \d+\)\), and the entry arn:aws:iam::444455556666:role\/\* \(line \d+\), at no path; each finds it wider/,
      );
      // Within the catch-all at no path but not within service-role/*: which applies cannot be told.
      expect(
        judge(updateAssumeRolePolicy('Anything', [allow({ AWS: `arn:aws:iam::${TOOLING}:root` })])),
      ).toEqual([]);
    });
  });
});
