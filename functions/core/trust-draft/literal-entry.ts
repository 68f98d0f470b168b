import { MAX_PATTERN_CHARS } from '../arn/wildcard.ts';
import { checkArnPattern, ROLE_ARN_RULES } from '../trust/arn-pattern.ts';
import { parsePrincipalMatcher } from '../trust/principal-matcher.ts';

// A draft states what IAM or a trail showed, literally: a value is written only when the trust file reads
// it back as that same value. In an entry's `arn`, `*` and `?` are wildcards, and IAM allows both in role
// paths (any character from `!` to `~`): the role named Admin at path `/?/` is `role/?/Admin`, which as an
// entry matches the Admin role at `/a/`, `/b/`, … and, sorted before them, applies to them instead of
// their own entries. The same holds for the role and user ARNs of `trustedPrincipals`, which the trust
// file also trims and refuses beyond 2048 characters (one such value made the whole draft invalid), and
// for `oidcSubjects`, which are trimmed, must not be empty, and hold at most 2048 characters too.

const WILDCARD = /[*?]/;

/**
 * Why a role ARN cannot be an entry's `arn` naming that role alone, or undefined when it can.
 *
 * @example roleArnProblem('arn:aws:iam::111122223333:role/?/Admin') // "its ARN holds '*' or '?' …"
 */
export function roleArnProblem(arn: string): string | undefined {
  if (WILDCARD.test(arn)) {
    return "its ARN holds '*' or '?' (IAM allows them in a path), which an entry's arn reads as a wildcard: it would apply to other roles too";
  }
  const checked = checkArnPattern(arn, ROLE_ARN_RULES);
  return checked.ok ? undefined : `its ARN is not one an entry can hold: ${checked.message}`;
}

/**
 * Why a `trustedPrincipals` value cannot be listed as the principal it names, or undefined when it can.
 *
 * @example principalProblem('arn:aws:iam::444455556666:role/?/ci') // "it holds '*' or '?' …"
 */
export function principalProblem(entry: string): string | undefined {
  if (WILDCARD.test(entry)) {
    return "it holds '*' or '?' (IAM allows them in a path), which a trust file reads as a wildcard: it would trust other principals too";
  }
  const parsed = parsePrincipalMatcher(entry);
  if (!parsed.ok) return `a trust file refuses it: ${parsed.error}`;
  return parsed.value.raw === entry
    ? undefined
    : 'a trust file trims the spaces around it, so it would trust another principal';
}

/**
 * Why a token subject cannot be an `oidcSubjects` value as written (its `*` is a wildcard there, as it was
 * in IAM's `StringLike`), or undefined when it can.
 *
 * @example subjectProblem('') // 'oidcSubjects refuses an empty subject'
 */
export function subjectProblem(subject: string): string | undefined {
  if (subject === '') return 'oidcSubjects refuses an empty subject';
  if (subject.length > MAX_PATTERN_CHARS) {
    return `it has ${subject.length} characters, more than oidcSubjects takes (${MAX_PATTERN_CHARS})`;
  }
  return subject.trim() === subject
    ? undefined
    : 'a trust file trims the spaces around it, so it would match another subject';
}
