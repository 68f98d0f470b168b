import { describe, expect, it } from 'vitest';
import { ArnLikeTable } from '../../functions/core/arn/arn-like-table.ts';

const ROLES = [
  ['arn:aws:iam::444455556666:role/app-admin', 'admin'],
  ['arn:aws:iam::*:role/app-*', 'apps'],
] as const;

describe('ArnLikeTable', () => {
  it('gives the value of the first pattern that matches, in order', () => {
    const table = new ArnLikeTable(ROLES);

    expect(table.first('arn:aws:iam::444455556666:role/app-admin')).toBe('admin');
    expect(table.first('arn:aws:iam::111122223333:role/app-web')).toBe('apps');
    expect(table.first('arn:aws:iam::111122223333:role/Deploy')).toBeUndefined();
  });

  it('answers the same for an ARN seen again, and after its cache was emptied at its limit', () => {
    const table = new ArnLikeTable(ROLES, { cacheLimit: 2 });
    const arns = [
      'arn:aws:iam::111122223333:role/app-web',
      'arn:aws:iam::111122223333:role/Deploy',
      'arn:aws:iam::444455556666:role/app-admin',
      'arn:aws:iam::111122223333:role/app-web',
      'arn:aws:iam::111122223333:role/Deploy',
    ];

    expect(arns.map((arn) => table.first(arn))).toEqual(['apps', undefined, 'admin', 'apps', undefined]);
  });

  it('keeps one cache per table: two tables over other patterns do not share answers', () => {
    const arn = 'arn:aws:iam::111122223333:role/app-web';
    const a = new ArnLikeTable([['arn:aws:iam::*:role/*', 'a']]);
    const b = new ArnLikeTable([['arn:aws:iam::*:role/x', 'b']]);

    expect([a.first(arn), b.first(arn)]).toEqual(['a', undefined]);
  });
});
