import type { PrincipalMatcher, RoleEntry } from '../../model/trust-config.ts';
import { globToRegExp, splitArn } from '../../trust/arn-like.ts';

function namesAccount(m: PrincipalMatcher, accountId: string): boolean {
  switch (m.kind) {
    case 'account':
      return m.accountId === accountId;
    case 'role':
    case 'principal': {
      if (m.accountId !== undefined) return m.accountId === accountId;
      // A pattern such as arn:aws:iam::*:role/x names a principal in every account it can match.
      const accountPart = splitArn(m.arnPattern)?.[4];
      return accountPart !== undefined && globToRegExp(accountPart).test(accountId);
    }
    default:
      return false;
  }
}

/** Whether a role entry trusts the account or any principal in it (the external-account exemption). */
export function entryNamesAccount(entry: RoleEntry, accountId: string): boolean {
  return entry.trustedPrincipals.some((m) => namesAccount(m, accountId));
}
