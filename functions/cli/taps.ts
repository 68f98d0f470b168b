import type { Tap } from '../core/pipeline/tap.ts';
import { activityTap } from '../core/report/activity-tap.ts';
import { stateFactsTap, statePairTimesTap } from '../core/state/state-facts.ts';
import { trustLearnTap } from '../core/trust-learn/learn-tap.ts';

/**
 * The taps a scan may run, by id: worker threads receive tap ids (functions do not cross threads) and
 * look them up here. A new tap (the report's activity, the state store's facts…) adds a line.
 */
export const TAPS: readonly Tap[] = [
  activityTap as Tap,
  trustLearnTap as Tap,
  stateFactsTap as Tap,
  statePairTimesTap as Tap,
];

export function tapsById(ids: readonly string[]): Tap[] {
  return ids.map((id) => {
    const tap = TAPS.find((t) => t.id === id);
    if (tap === undefined) throw new Error(`unknown tap '${id}' (add it to functions/cli/taps.ts)`);
    return tap;
  });
}
