import type { CredentialEvent } from '../model/credential-event.ts';
import type { Finding } from '../model/finding.ts';
import type { Rule, RuleOutcome } from '../model/rule.ts';

/** How the state stage runs; built once per scan or execution environment. */
export interface StateStageOptions {
  /** `denied-burst`'s threshold; undefined when the rule is off. */
  readonly deniedBurst?: { readonly count: number; readonly windowMinutes: number };
  /**
   * `first-seen-pair`: `report` new pairs, or `learn` them (record, report none); undefined when the rule
   * does not run (no state store that outlives the scan).
   */
  readonly firstSeen?: { readonly forgetAfterDays: number; readonly mode: 'report' | 'learn' };
  /**
   * Builds a stateful rule's finding for one call, as the engine builds every finding (severity floor of
   * the role entry, suppressions).
   */
  readonly findingFor: (
    rule: Rule,
    event: CredentialEvent,
    outcome: RuleOutcome & { status: 'match' },
  ) => Finding;
}
