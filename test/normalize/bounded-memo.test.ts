import { describe, expect, it } from 'vitest';
import { parseArn, parseAssumedRoleArn } from '../../functions/core/normalize/arn.ts';
import { boundedMemo } from '../../functions/core/normalize/bounded-memo.ts';

describe('boundedMemo', () => {
  it('computes each key once while it is remembered, undefined results included', () => {
    const calls: string[] = [];
    const roleName = boundedMemo((arn: string) => {
      calls.push(arn);
      return arn.includes(':role/') ? arn.slice(arn.indexOf(':role/') + 6) : undefined;
    });

    expect(roleName('arn:aws:iam::111122223333:role/Deploy')).toBe('Deploy');
    expect(roleName('arn:aws:iam::111122223333:role/Deploy')).toBe('Deploy');
    expect(roleName('arn:aws:iam::111122223333:user/alice')).toBeUndefined();
    expect(roleName('arn:aws:iam::111122223333:user/alice')).toBeUndefined();

    expect(calls).toEqual(['arn:aws:iam::111122223333:role/Deploy', 'arn:aws:iam::111122223333:user/alice']);
  });

  it('forgets everything once it holds its limit, and still answers correctly', () => {
    let computed = 0;
    const double = boundedMemo((key: string) => {
      computed++;
      return `${key}${key}`;
    }, 3);

    for (const key of ['a', 'b', 'c', 'd', 'a']) expect(double(key)).toBe(`${key}${key}`);

    expect(computed).toBe(5);
  });

  it('gives the same ARN parts as before for ARNs seen again', () => {
    const arn = 'arn:aws:sts::444455556666:assumed-role/Deploy/build-7';

    expect(parseArn(arn)).toEqual({
      partition: 'aws',
      service: 'sts',
      region: '',
      account: '444455556666',
      resource: 'assumed-role/Deploy/build-7',
    });
    expect(parseAssumedRoleArn(arn)).toEqual(parseAssumedRoleArn(`${arn}`));
    expect(parseAssumedRoleArn(arn)?.roleArn).toBe('arn:aws:iam::444455556666:role/Deploy');
  });
});
