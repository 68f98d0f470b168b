import { describe, expect, it } from 'vitest';
import { checkArnPattern, ROLE_ARN_RULES } from '../../functions/core/trust/arn-pattern.ts';

// A roles entry's arn names a role (`role/NAME`, any path) or an account root: a bare resource type names
// nothing, so the entry would never apply; it is refused, saying what is expected.
describe('checkArnPattern: a role ARN pattern', () => {
  it('refuses a resource type without a name', () => {
    expect(checkArnPattern('arn:aws:iam::111122223333:role', ROLE_ARN_RULES)).toEqual({
      ok: false,
      message: expect.stringContaining('should be role/NAME, root'),
    });
  });

  it('accepts a role name and the account root (near miss)', () => {
    expect(checkArnPattern('arn:aws:iam::111122223333:role/r', ROLE_ARN_RULES).ok).toBe(true);
    expect(checkArnPattern('arn:aws:iam::111122223333:root', ROLE_ARN_RULES).ok).toBe(true);
  });
});
