import { describe, expect, it } from 'vitest';
import type { TrustPolicyEvent } from '../../functions/core/model/trust-policy-event.ts';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { loadCorpus, loadFixture } from './load-records.ts';

type Rec = Record<string, unknown> & { requestParameters: Record<string, unknown> | null };

const fixture = (scenario: string): Rec =>
  structuredClone(loadFixture(`rules/trust-policy-changed/${scenario}.json`)) as Rec;

function normalized(record: unknown): TrustPolicyEvent {
  const outcome = normalizeRecord(record, { file: 'test.json' });
  if (outcome.kind !== 'trust-policy') throw new Error(`expected a trust-policy event, got ${outcome.kind}`);
  return outcome.event;
}

/** CreateRole as CloudTrail logs it: the request's document as JSON text, the response's URL-encoded. */
function createRole(): Rec {
  const r = fixture('match');
  const document = r.requestParameters?.policyDocument as string;
  return {
    ...r,
    eventName: 'CreateRole',
    requestParameters: { roleName: 'reports', path: '/service-role/', assumeRolePolicyDocument: document },
    responseElements: {
      role: {
        path: '/service-role/',
        roleName: 'reports',
        roleId: 'AROAEXAMPLEREPORTS001',
        arn: 'arn:aws:iam::444455556666:role/service-role/reports',
        createDate: 'Nov 3, 2026, 9:14:27 AM',
        assumeRolePolicyDocument: encodeURIComponent(document),
      },
    },
  };
}

describe('normalizeRecord: IAM trust-policy changes', () => {
  it('reads UpdateAssumeRolePolicy: the role by name in the logging account, and the new policy parsed', () => {
    const event = normalized(fixture('match'));
    expect(event).toMatchObject({
      kind: 'trust-policy',
      eventName: 'UpdateAssumeRolePolicy',
      success: true,
      role: { arn: 'arn:aws:iam::444455556666:role/Deploy', accountId: '444455556666', pathKnown: false },
      actor: { type: 'AssumedRole', sessionIssuerArn: 'arn:aws:iam::444455556666:role/ProdAdmin' },
      maxSessionSeconds: undefined,
      gaps: [],
    });
    expect(
      event.policy?.ok && event.policy.value.grants.map((g) => g.principals.map((p) => p.entry)),
    ).toEqual([['arn:aws:iam::777788889999:role/github-actions'], ['210987654321']]);
  });

  it('reads CreateRole: the role with its path from the response, and IAM default of 3600 s', () => {
    const event = normalized(createRole());
    expect(event.role).toMatchObject({
      arn: 'arn:aws:iam::444455556666:role/service-role/reports',
      name: 'service-role/reports',
      pathKnown: true,
    });
    expect(event).toMatchObject({ maxSessionSeconds: 3600, maxSessionSecondsDefaulted: true });
    expect(event.policy?.ok).toBe(true);
  });

  it('reads the URL-encoded document of the response when the request lacks it, as the same policy', () => {
    const record = createRole();
    const fromRequest = normalized(record).policy;
    delete (record.requestParameters as Record<string, unknown>).assumeRolePolicyDocument;
    expect(normalized(record).policy).toEqual(fromRequest);
  });

  it('reads UpdateRole maxSessionDuration written as a number or a string', () => {
    const record = fixture('unrelated');
    expect(normalized(record)).toMatchObject({
      eventName: 'UpdateRole',
      maxSessionSeconds: undefined,
      policy: undefined,
    });
    record.requestParameters = { roleName: 'ReadOnly', maxSessionDuration: '43200' };
    expect(normalized(record)).toMatchObject({
      maxSessionSeconds: 43_200,
      maxSessionSecondsDefaulted: false,
    });
  });

  it('keeps a failed call, with what it lacks, and notes a successful call whose document is missing', () => {
    const denied = {
      ...fixture('match'),
      errorCode: 'AccessDenied',
      errorMessage: 'User is not authorized to perform: iam:UpdateAssumeRolePolicy',
      requestParameters: null,
    };
    const event = normalized(denied);
    expect(event).toMatchObject({ success: false, errorCode: 'AccessDenied', role: undefined });
    expect(event.gaps).toEqual(['requestParameters', 'roleName']);
    const missing = fixture('match');
    delete (missing.requestParameters as Record<string, unknown>).policyDocument;
    expect(normalized(missing).gaps).toEqual(['policyDocument']);
  });

  it('never keeps an ExternalId value from the policy document', () => {
    const record = fixture('match');
    const statement = {
      Effect: 'Allow',
      Principal: { AWS: '999900001111' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'vendor-secret-7Q2x' } },
    };
    (record.requestParameters as Record<string, unknown>).policyDocument = JSON.stringify({
      Version: '2012-10-17',
      Statement: [statement],
    });
    const event = normalized(record);
    expect(event.policy?.ok && event.policy.value.grants[0]?.conditions.requireExternalId).toBe(true);
    expect(JSON.stringify(event)).not.toContain('vendor-secret-7Q2x');
  });

  it('skips other IAM calls and the same names from other services', () => {
    const iamCalls = loadCorpus().filter((c) => (c.record as Rec).eventSource === 'iam.amazonaws.com');
    for (const c of iamCalls) expect(normalizeRecord(c.record, { file: c.file }).kind).toBe('skipped');
    expect(normalizeRecord({ ...fixture('match'), eventName: 'DeleteRole' }, {}).kind).toBe('skipped');
    expect(normalizeRecord({ ...fixture('match'), eventSource: 'sts.amazonaws.com' }, {}).kind).toBe(
      'skipped',
    );
  });
});
