import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudTrailRecord } from './cloudtrail-records.ts';

const SCENARIOS = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'fixtures',
  'cloudtrail',
  'rules',
  'trust-policy-changed',
);

/** The real-shaped UpdateAssumeRolePolicy record of the rule's fixtures (ProdAdmin session alice, prod). */
const base = (): CloudTrailRecord =>
  JSON.parse(readFileSync(join(SCENARIOS, 'near-miss.json'), 'utf8')) as CloudTrailRecord;

export type Statement = Record<string, unknown>;

/** `{"Version": "2012-10-17", "Statement": [...]}` as the CLI sends it (indented JSON text). */
export const policyText = (statements: readonly Statement[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 4);

/** An Allow of sts:AssumeRole for `principal` (`{AWS: …}`, `{Service: …}`, …), with optional conditions. */
export const allow = (
  principal: Record<string, unknown>,
  condition?: Record<string, unknown>,
): Statement => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...(condition === undefined ? {} : { Condition: condition }),
});

/** UpdateAssumeRolePolicy of `roleName` in prod with the new policy `statements`. */
export function updateAssumeRolePolicy(roleName: string, statements: readonly Statement[]): CloudTrailRecord {
  return { ...base(), requestParameters: { roleName, policyDocument: policyText(statements) } };
}

/** CreateRole of `roleName` (path `/`) with the trust policy `statements`, as CloudTrail logs it. */
export function createRole(
  roleName: string,
  statements: readonly Statement[],
  maxSessionDuration?: number,
): CloudTrailRecord {
  const document = policyText(statements);
  return {
    ...base(),
    eventName: 'CreateRole',
    requestParameters: {
      roleName,
      path: '/',
      assumeRolePolicyDocument: document,
      ...(maxSessionDuration === undefined ? {} : { maxSessionDuration }),
    },
    responseElements: {
      role: {
        path: '/',
        roleName,
        roleId: 'AROAEXAMPLECREATED001',
        arn: `arn:aws:iam::444455556666:role/${roleName}`,
        createDate: 'Nov 3, 2026, 9:21:05 AM',
        assumeRolePolicyDocument: encodeURIComponent(document),
      },
    },
  };
}

/** UpdateRole of `roleName` setting MaxSessionDuration (or only a description when undefined). */
export function updateRole(roleName: string, maxSessionDuration?: number): CloudTrailRecord {
  return {
    ...base(),
    eventName: 'UpdateRole',
    requestParameters: {
      roleName,
      ...(maxSessionDuration === undefined ? { description: 'updated' } : { maxSessionDuration }),
    },
  };
}

/** The same call, refused by IAM. */
export const refused = (record: CloudTrailRecord): CloudTrailRecord => ({
  ...record,
  errorCode: 'AccessDenied',
  errorMessage: 'User is not authorized to perform: iam:UpdateAssumeRolePolicy',
  requestParameters: null,
  responseElements: null,
});
