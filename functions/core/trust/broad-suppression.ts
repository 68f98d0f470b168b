import { arnLikeCovers } from '../arn/arn-like-covers.ts';
import { splitArn } from '../arn/parse-arn.ts';
import type { Suppression } from '../model/trust-config.ts';

/** An actor pattern whose account and resource are both `*` names every principal of its service. */
function everyActor(actor: string | undefined): boolean {
  if (actor === undefined) return true;
  const parts = splitArn(actor);
  return parts !== undefined && parts[4] === '*' && parts[5] === '*';
}

/**
 * Why a suppression accepts every finding of its rule, or undefined when it names something narrower: a
 * `role` that matches every role of every account (`arn:aws:iam::*:*`, `arn:*:iam::*:role/*`) with no
 * `actor`, or an actor that matches every principal. Such a suppression is the rule switched off behind an
 * owner and an expiry, not one known pattern accepted, so the trust file says so when it is loaded.
 *
 * @example broadSuppression({ rule: 'untrusted-principal', role: 'arn:aws:iam::*:*', … }) // 'matches every …'
 */
export function broadSuppression(s: Pick<Suppression, 'rule' | 'role' | 'actor'>): string | undefined {
  const partition = splitArn(s.role)?.[1];
  if (partition === undefined) return undefined;
  if (!arnLikeCovers(s.role, `arn:${partition}:iam::*:role/*`) || !everyActor(s.actor)) return undefined;
  const who = s.actor === undefined ? 'names no actor' : `names every actor (${s.actor})`;
  return (
    `matches every role of every account and ${who}, so it switches ${s.rule} off rather than accepting ` +
    `one known pattern; name the role (or the actor), or set rules: { ${s.rule}: { enabled: false } } ` +
    'if the rule should not run'
  );
}
