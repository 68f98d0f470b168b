// Records for the gates rules share, so each rule's test can tell not-applicable (the rule does not judge
// the call, and says why) from no-match (it judged the call and found it fine).
import { expect, it } from 'vitest';
import type { RuleOutcome } from '../../../functions/core/model/rule.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  type CloudTrailRecord,
  denied,
  getSessionTokenRecord,
  iamUser,
} from './cloudtrail-records.ts';

import { outcomeOf } from './judge.ts';

export { outcomeOf };

/** A role that no test trust file lists. */
export const UNLISTED_ROLE = `arn:aws:iam::${ACCOUNTS.prod}:role/NobodyListsThis`;

export const notApplicable = (reason: string): RuleOutcome => ({ status: 'not-applicable', reason });
export const NO_MATCH: RuleOutcome = { status: 'no-match' };
export const FAILED_CALL = notApplicable('failed call (AccessDenied): assume-denied reports it');
export const NO_ROLE_ENTRY = notApplicable('no roles entry matches the role');

/** A successful AssumeRole on `roleArn` by an IAM user of the identity account (or `identity`). */
export const assumeOn = (
  roleArn: string,
  identity: Record<string, unknown> = iamUser(ACCOUNTS.identity, 'alice'),
  extra: Omit<Parameters<typeof assumeRoleRecord>[0], 'roleArn' | 'identity'> = {},
): CloudTrailRecord => assumeRoleRecord({ identity, roleArn, ...extra });

/** The same call, denied. */
export const deniedOn = (roleArn: string): CloudTrailRecord => denied(assumeOn(roleArn));

/** GetSessionToken by an IAM user: credentials for the caller itself, no role. */
export const sessionTokenCall = (): CloudTrailRecord =>
  getSessionTokenRecord({ identity: iamUser(ACCOUNTS.identity, 'alice') });

/** A named record and the outcome a rule must give it. */
export type OutcomeCase = readonly [what: string, record: CloudTrailRecord, expected: RuleOutcome];

/**
 * The cases every grant rule about a listed role shares: a failed call, a call that assumes no role, and
 * a role no entry lists, all not-applicable with their reasons.
 */
export const roleGateCases = (roleArn: string): OutcomeCase[] => [
  ['a failed call', deniedOn(roleArn), FAILED_CALL],
  [
    'a call that assumes no role',
    sessionTokenCall(),
    notApplicable('GetSessionToken does not assume a role'),
  ],
  ['a role no entry lists', assumeOn(UNLISTED_ROLE), NO_ROLE_ENTRY],
];

/** One test per case: the rule gives the record exactly the expected outcome (reason included). */
export function itGivesOutcomes(ruleId: string, yaml: string, cases: readonly OutcomeCase[]): void {
  it.each(cases)('%s', (_what, record, expected) => {
    expect(outcomeOf(ruleId, yaml, record)).toEqual(expected);
  });
}
