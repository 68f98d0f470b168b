import { checkArnPattern, ROLE_ARN_RULES } from '../trust/arn-pattern.ts';

// A draft states what IAM or a trail showed, literally: a value is written only when the trust file reads
// it back as that same value. In an entry's `arn`, `*` and `?` are wildcards, and IAM allows both in role
// paths (any character from `!` to `~`): the role named Admin at path `/?/` is `role/?/Admin`, which as an
// entry matches the Admin role at `/a/`, `/b/`, … and, sorted before them, applies to them instead of
// their own entries.

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
