import { describe, expect, it } from 'vitest';
import { shadowedEntries } from '../../functions/core/trust/shadowed-entries.ts';

const roles = (...arns: string[]) => arns.map((arn) => ({ arn }));

describe('shadowedEntries', () => {
  it('names each entry that an earlier one covers, with the first entry that covers it', () => {
    expect(
      shadowedEntries(
        roles(
          'arn:aws:iam::111122223333:role/app-*',
          'arn:aws:iam::111122223333:role/*',
          'arn:aws:iam::111122223333:role/app-web',
          'arn:aws:iam::111122223333:role/Deploy',
          'arn:aws:iam::111122223333:role/*',
        ),
      ),
    ).toEqual([
      { index: 2, by: 0, duplicate: false },
      { index: 3, by: 1, duplicate: false },
      { index: 4, by: 1, duplicate: true },
    ]);
  });

  it('finds nothing when every narrower entry comes first (the order the README recommends)', () => {
    expect(
      shadowedEntries(
        roles(
          'arn:aws:iam::111122223333:role/Deploy',
          'arn:aws:iam::111122223333:role/app-*',
          'arn:aws:iam::*:role/*',
          'arn:aws:iam::111122223333:root',
        ),
      ),
    ).toEqual([]);
  });

  it('does not take an entry of another account or partition for a shadowed one', () => {
    expect(
      shadowedEntries(
        roles(
          'arn:aws:iam::111122223333:role/*',
          'arn:aws:iam::444455556666:role/Deploy',
          'arn:aws-cn:iam::111122223333:role/Deploy',
        ),
      ),
    ).toEqual([]);
  });
});
