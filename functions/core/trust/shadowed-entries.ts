import { arnLikeCovers } from '../arn/arn-like-covers.ts';
import type { RoleEntry } from '../model/trust-config.ts';

/** A `roles` entry that never applies, because an earlier entry matches every role it matches. */
export interface ShadowedEntry {
  /** Index of the entry that never applies. */
  readonly index: number;
  /** Index of the first earlier entry that covers it. */
  readonly by: number;
  /** The two `arn` values are the same text. */
  readonly duplicate: boolean;
}

/**
 * The entries an earlier entry shadows completely: the first entry whose `arn` matches a role applies, so
 * an entry whose pattern an earlier pattern covers (`arn:…:role/*` above `arn:…:role/Deploy`) never applies
 * and its conditions are never enforced. Each shadowed entry is named once, with the first entry that
 * covers it. Used by `rolewatch validate` (a warning per entry) and `rolewatch explain`.
 *
 * @example
 * shadowedEntries([{ arn: 'arn:aws:iam::*:role/*' }, { arn: 'arn:aws:iam::111122223333:role/Deploy' }])
 * // [{ index: 1, by: 0, duplicate: false }]
 */
export function shadowedEntries(roles: readonly Pick<RoleEntry, 'arn'>[]): ShadowedEntry[] {
  const out: ShadowedEntry[] = [];
  roles.forEach((entry, index) => {
    for (let by = 0; by < index; by++) {
      const earlier = roles[by] as Pick<RoleEntry, 'arn'>;
      if (earlier.arn === entry.arn || arnLikeCovers(earlier.arn, entry.arn)) {
        out.push({ index, by, duplicate: earlier.arn === entry.arn });
        return;
      }
    }
  });
  return out;
}
