import { parseRoleArn } from '../arn/role-arn.ts';
import type { CredentialEvent } from '../model/credential-event.ts';
import type { Rule, RuleOutcome } from '../model/rule.ts';
import { notApplicable } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { actorLabel } from './support/wording.ts';

/** What the state stage found about one actor's denied calls (see core/state/denied-window.ts). */
export interface DeniedBurst {
  /** Denied calls in the densest window. */
  readonly count: number;
  /** The state stopped counting (it keeps a bounded number of calls per actor and window): `count` is a floor. */
  readonly atLeast: boolean;
  readonly fromMs: number;
  readonly toMs: number;
  /** Roles (or call names) the denied calls asked for, as far as the state holds them. */
  readonly targets: readonly string[];
  readonly threshold: { readonly count: number; readonly windowMinutes: number };
}

/** Roles listed in the evidence; the rest are counted. */
const TARGETS_SHOWN = 10;

const targetLabel = (target: string): string => parseRoleArn(target)?.roleName ?? target;

export const rule: Rule = {
  id: 'denied-burst',
  defaultSeverity: 'high',
  title: 'One caller was denied credentials many times in a short time.',
  description:
    '`thresholds.deniedBurst.count` or more failed credential-issuing calls (default 5) by one actor ' +
    'within `windowMinutes` (default 10): role enumeration or a misfiring workload. One finding per ' +
    'burst, whatever its length, listing the roles tried; duplicate, out-of-order and late records ' +
    'do not change it (its id is that of the burst). Actors are counted as `first-seen-pair` keys them ' +
    '(a role session by its role). Stateful: within one scan without a state store, across runs with ' +
    '`--state` and across invocations with `ROLEWATCH_STATE=dynamodb:<table>`.',
  remediation:
    'Find who the caller is and what it was trying: a list of role names it does not use points to ' +
    'enumeration (revoke its credentials and review what it can reach); a single role retried points ' +
    'to a broken workload or trust policy.',
  references: [
    'MITRE ATT&CK T1087.004 Account Discovery: Cloud Account',
    'MITRE ATT&CK T1580 Cloud Infrastructure Discovery',
    'https://github.com/DataDog/stratus-red-team',
  ],
  stateful: true,
  judgesGrant: false,
  // Judged across events by the state stage (core/state), never one event at a time.
  evaluate: () => STATEFUL,
};

const STATEFUL: RuleOutcome = notApplicable('judged across calls by the state stage, not per call');

/** The finding's outcome for a burst, built from the call the burst was noticed on. */
export function burstOutcome(event: CredentialEvent, burst: DeniedBurst): RuleOutcome {
  const { count, windowMinutes } = burst.threshold;
  const shown = burst.targets.slice(0, TARGETS_SHOWN).map(targetLabel);
  const more = burst.targets.length - shown.length;
  const targets = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  const minutes = Math.max(1, Math.round((burst.toMs - burst.fromMs) / 60_000));
  const calls = `${burst.atLeast ? 'at least ' : ''}${burst.count}`;
  return {
    status: 'match',
    title:
      `${actorLabel(event)} was denied ${calls} credential calls within ${minutes} minute(s) ` +
      `(${burst.targets.length} role(s) tried: ${titleValue(targets, 200)}).`,
    evidence: {
      expected: `fewer than ${count} denied calls by one actor within ${windowMinutes} minutes`,
      actual:
        `${calls} denied calls from ${new Date(burst.fromMs).toISOString()} to ` +
        `${new Date(burst.toMs).toISOString()}, asking for: ${targets}`,
    },
  };
}
