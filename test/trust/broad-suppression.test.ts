import { describe, expect, it } from 'vitest';
import { broadSuppression } from '../../functions/core/trust/broad-suppression.ts';

// A suppression whose role matches every role of every account switches its rule off unless its actor
// narrows it. An actor pattern narrows it when it names a principal, even in every account.
const EVERY_ROLE = 'arn:aws:iam::*:*';
const broad = (actor: string | undefined) =>
  broadSuppression({ rule: 'role-chaining', role: EVERY_ROLE, actor });

describe('broadSuppression: the actor', () => {
  it('narrows the suppression when it names a principal, whatever the account', () => {
    expect(broad('arn:aws:sts::*:assumed-role/OrganizationAccountAccessRole/*')).toBeUndefined();
    expect(broad('arn:aws:iam::*:user/etl')).toBeUndefined();
  });

  it('does not narrow it when it names every principal of every account, or is left out', () => {
    expect(broad('arn:aws:sts::*:*')).toContain('names every actor');
    expect(broad(undefined)).toContain('names no actor');
  });
});
