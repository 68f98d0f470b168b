import type { TrustConfig } from '../model/trust-config.ts';
import { compileTrust } from '../trust/compile-trust.ts';
import { compilePrincipalTest } from '../trust/match-principal.ts';
import type { Activity } from './activity.ts';
import { asMatchableEvent } from './call-facts.ts';
import type { Report } from './report-schema.ts';

/** The trust-file entry that applies to each role ARN, looked up once per role. */
export function roleEntryLookup(config: TrustConfig): (roleArn: string) => number | undefined {
  // Compiled entries keep the `roles` order and are found by the same ArnLike table the engine uses.
  const trust = compileTrust(config);
  const cache = new Map<string, number | undefined>();
  return (roleArn) => {
    if (!cache.has(roleArn)) {
      const entry = trust.roleEntry(roleArn);
      // The first entry with that pattern: the one the engine applies.
      cache.set(
        roleArn,
        entry === undefined ? undefined : config.roles.findIndex((e) => e.arn === entry.arn),
      );
    }
    return cache.get(roleArn);
  };
}

/**
 * The least-privilege clean-up list: for every `roles` entry, which `trustedPrincipals` were used in the
 * period (a successful call on a role the entry applies to, by an actor the principal names), which
 * only possibly (`account-only`: the role owner's copy of a cross-account call names the account, not the
 * principal), and which never; and the entries that applied to no call at all. Computed from the
 * observed (actor, role) pairs with the same matcher the rules use.
 */
export function unusedTrust(config: TrustConfig, activity: Activity): Report['unusedTrust'] {
  const entryOf = roleEntryLookup(config);
  const tests = config.roles.map((e) => e.trustedPrincipals.map(compilePrincipalTest));
  const used = config.roles.map((e) => e.trustedPrincipals.map(() => 0));
  const possible = config.roles.map((e) => e.trustedPrincipals.map(() => 0));
  const applied = new Set<number>();
  for (const roleArn of activity.roles.keys()) {
    const i = roleArn === '' ? undefined : entryOf(roleArn);
    if (i !== undefined) applied.add(i);
  }
  for (const pair of activity.pairs.values()) {
    const granted = pair.calls - pair.denied;
    const i = pair.roleArn === '' || granted === 0 ? undefined : entryOf(pair.roleArn);
    const entry = i === undefined ? undefined : config.roles[i];
    if (i === undefined || entry === undefined) continue;
    const event = asMatchableEvent(pair.eventName, pair.roleArn, pair.actor);
    entry.trustedPrincipals.forEach((_, j) => {
      const result = tests[i]?.[j]?.(event) ?? 'no-match';
      const counts = result === 'match' ? used[i] : result === 'account-only' ? possible[i] : undefined;
      if (counts !== undefined) counts[j] = (counts[j] ?? 0) + granted;
    });
  }
  return {
    complete: activity.folded.pairs === 0 && activity.folded.roles === 0,
    roles: config.roles.map((entry, i) => ({
      entry: entry.arn,
      ...(entry.line === undefined ? {} : { line: entry.line }),
      trustedPrincipals: entry.trustedPrincipals.map((m, j) => {
        const sure = used[i]?.[j] ?? 0;
        const maybe = possible[i]?.[j] ?? 0;
        return {
          principal: m.raw,
          status: sure > 0 ? ('used' as const) : maybe > 0 ? ('account-only' as const) : ('unused' as const),
          calls: sure + maybe,
        };
      }),
    })),
    entriesWithoutCalls: config.roles
      .map((entry, i) => ({ entry, i }))
      .filter(({ i }) => !applied.has(i))
      .map(({ entry }) => ({ entry: entry.arn, ...(entry.line === undefined ? {} : { line: entry.line }) })),
  };
}
