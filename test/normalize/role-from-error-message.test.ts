import { describe, expect, it } from 'vitest';
import { roleFromErrorMessage } from '../../functions/core/normalize/role-from-error-message.ts';

describe('roleFromErrorMessage', () => {
  it('reads the role after "on resource:" in an IAM user denial', () => {
    const msg =
      'User: arn:aws:iam::457448411975:user/christophe is not authorized to perform: sts:AssumeRole on ' +
      'resource: arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role';
    expect(roleFromErrorMessage(msg)).toBe(
      'arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role',
    );
  });

  it('stops at the "because" clause of newer denial messages', () => {
    const msg =
      'User: arn:aws:sts::111122223333:assumed-role/OktaAdmin/jane is not authorized to perform: ' +
      'sts:AssumeRole on resource: arn:aws:iam::444455556666:role/ProdAdmin because no identity-based ' +
      'policy allows the sts:AssumeRole action';
    expect(roleFromErrorMessage(msg)).toBe('arn:aws:iam::444455556666:role/ProdAdmin');
  });

  it('keeps the path of a role and drops trailing punctuation', () => {
    const msg =
      'User: arn:aws:iam::444455556666:user/alice is not authorized to perform: sts:AssumeRole on ' +
      'resource: arn:aws:iam::444455556666:role/service-role/orders-api.';
    expect(roleFromErrorMessage(msg)).toBe('arn:aws:iam::444455556666:role/service-role/orders-api');
  });

  it('reads roles in other partitions', () => {
    const msg =
      'User: arn:aws-cn:iam::111122223333:user/bob is not authorized to perform: sts:AssumeRole on ' +
      'resource: arn:aws-cn:iam::111122223333:role/Deploy with an explicit deny in a service control policy';
    expect(roleFromErrorMessage(msg)).toBe('arn:aws-cn:iam::111122223333:role/Deploy');
  });

  it('does not mistake the caller session for the target role', () => {
    const msg =
      'User: arn:aws:sts::111122223333:assumed-role/OktaAdmin/jane is not authorized to perform: ' +
      'sts:AssumeRole';
    expect(roleFromErrorMessage(msg)).toBeUndefined();
  });

  it('returns undefined when the message names no role', () => {
    expect(roleFromErrorMessage('Not authorized to perform sts:AssumeRoleWithWebIdentity')).toBeUndefined();
    expect(roleFromErrorMessage('Roles may not be assumed by root accounts.')).toBeUndefined();
    expect(roleFromErrorMessage('')).toBeUndefined();
  });
});
