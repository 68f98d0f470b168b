import { describe, expect, it } from 'vitest';
import { compileArnLike as arnLike } from '../../functions/core/arn/arn-like.ts';

describe('compileArnLike', () => {
  it('matches an ARN equal to a pattern without wildcards', () => {
    const match = arnLike('arn:aws:iam::444455556666:role/Deploy');

    expect(match('arn:aws:iam::444455556666:role/Deploy')).toBe(true);
    expect(match('arn:aws:iam::444455556666:role/Deploy2')).toBe(false);
  });

  it('compares case-sensitively, as IAM does', () => {
    expect(arnLike('arn:aws:iam::444455556666:role/Deploy')('arn:aws:iam::444455556666:role/deploy')).toBe(
      false,
    );
  });

  it('lets * match any run of characters within one part', () => {
    const match = arnLike('arn:aws:iam::*:role/app-*');

    expect(match('arn:aws:iam::111122223333:role/app-web')).toBe(true);
    expect(match('arn:aws:iam::444455556666:role/app-')).toBe(true);
    expect(match('arn:aws:iam::444455556666:role/web-app')).toBe(false);
  });

  it('lets * in the resource cross a / (role paths)', () => {
    const match = arnLike('arn:aws:iam::*:role/*');

    expect(match('arn:aws:iam::111122223333:role/service-role/ecs/TaskRole')).toBe(true);
  });

  it('never lets * cross the : between parts', () => {
    // The account wildcard must not swallow the region/account boundary of a malformed ARN.
    const match = arnLike('arn:aws:iam::*:role/Deploy');

    expect(match('arn:aws:iam::111122223333:extra:role/Deploy')).toBe(false);
    expect(arnLike('arn:*:role/Deploy')('arn:aws:iam::111122223333:role/Deploy')).toBe(false);
  });

  it('lets ? match exactly one character', () => {
    const match = arnLike('arn:aws:iam::111122223333:role/ci-runner-?');

    expect(match('arn:aws:iam::111122223333:role/ci-runner-7')).toBe(true);
    expect(match('arn:aws:iam::111122223333:role/ci-runner-')).toBe(false);
    expect(match('arn:aws:iam::111122223333:role/ci-runner-12')).toBe(false);
  });

  it('treats the partition as a part of its own (aws-cn, aws-us-gov)', () => {
    expect(
      arnLike('arn:aws-cn:iam::111122223333:role/Deploy')('arn:aws-cn:iam::111122223333:role/Deploy'),
    ).toBe(true);
    expect(
      arnLike('arn:aws:iam::111122223333:role/Deploy')('arn:aws-us-gov:iam::111122223333:role/Deploy'),
    ).toBe(false);
    expect(
      arnLike('arn:aws*:iam::111122223333:role/Deploy')('arn:aws-us-gov:iam::111122223333:role/Deploy'),
    ).toBe(true);
  });

  it('keeps further colons in the resource part', () => {
    const match = arnLike('arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/*');

    expect(match('arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/rolewatch:*')).toBe(true);
  });

  it('treats regular-expression characters in a pattern literally', () => {
    const match = arnLike('arn:aws:iam::111122223333:user/a.b+c');

    expect(match('arn:aws:iam::111122223333:user/a.b+c')).toBe(true);
    expect(match('arn:aws:iam::111122223333:user/aXbbc')).toBe(false);
  });

  it('never matches a value or a pattern with fewer than six parts', () => {
    expect(arnLike('arn:aws:iam::111122223333:role/Deploy')('111122223333')).toBe(false);
    expect(arnLike('*')('arn:aws:iam::111122223333:role/Deploy')).toBe(false);
  });

  it('matches with thousands of wildcards in a pattern without a regular expression to overflow', () => {
    const match = arnLike(`arn:aws:iam::*:role/${'*'.repeat(3000)}x`);

    expect(match(`arn:aws:iam::111122223333:role/${'y'.repeat(2000)}x`)).toBe(true);
    expect(match(`arn:aws:iam::111122223333:role/${'y'.repeat(2000)}`)).toBe(false);
  });
});
