import { splitArn } from '../arn/parse-arn.ts';
import type { TrustConfig } from '../model/trust-config.ts';
import type { TrustPolicyEvent } from '../model/trust-policy-event.ts';

const WILDCARD = /[*?]/;

/**
 * The full ARN of a role that an IAM update call names without its path (UpdateAssumeRolePolicy and
 * UpdateRole give `roleName` only), taken from a `roles` entry that names that role exactly: the same
 * partition, account and name, whatever its path. A role name is unique in its account regardless of case,
 * so the entry identifies the role; `trust import` writes such an entry for every role. `undefined` when no
 * entry names it exactly (or two name it with different paths).
 *
 * @example roleArnFromEntries(config, 'arn:aws:iam::111122223333:role/Deploy')
 * // 'arn:aws:iam::111122223333:role/team/Deploy' (with an entry for that ARN)
 */
export function roleArnFromEntries(config: TrustConfig, pathlessArn: string): string | undefined {
  const role = splitArn(pathlessArn);
  if (role === undefined || !role[5].startsWith('role/')) return undefined;
  const name = role[5].slice(role[5].lastIndexOf('/') + 1).toLowerCase();
  const found = new Set<string>();
  for (const entry of config.roles) {
    if (WILDCARD.test(entry.arn)) continue;
    const e = splitArn(entry.arn);
    if (e === undefined || e[1] !== role[1] || e[4] !== role[4] || !e[5].startsWith('role/')) continue;
    if (e[5].slice(e[5].lastIndexOf('/') + 1).toLowerCase() === name) found.add(entry.arn);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * An IAM trust-policy change as the rules judge it: when the record names the role without its path and an
 * entry names the role exactly, the role's ARN is that entry's (`pathFromTrustFile`), so the entry that
 * applies is the one that applies to the real role. Any other event is returned as it is.
 */
export function withRolePath<E extends { readonly role?: unknown }>(config: TrustConfig, event: E): E {
  const role = (event as unknown as Partial<TrustPolicyEvent>).role;
  if ((event as { kind?: string }).kind !== 'trust-policy' || role === undefined || role.pathKnown)
    return event;
  const arn = roleArnFromEntries(config, role.arn);
  if (arn === undefined) return event;
  const resource = arn.slice(arn.indexOf(':role/') + ':role/'.length);
  return { ...event, role: { ...role, arn, name: resource, pathKnown: true, pathFromTrustFile: true } };
}
