import type { CredentialEvent } from './credential-event.ts';
import type { Severity } from './severity.ts';
import type { CompiledRoleEntry, TrustConfig } from './trust-config.ts';
import type { TrustPolicyEvent } from './trust-policy-event.ts';

/**
 * What a rule concluded about one event (cdk-nag's three states):
 * - `match`: the rule judged the event and it breaks the expectation (a finding, with evidence);
 * - `no-match`: the rule judged the event and it meets the expectation;
 * - `not-applicable`: the rule does not judge this event (another kind of call, a failed call for a grant
 *   rule, no expectation set for the role, a fact the record does not carry). The reason is shown to people
 *   (`rolewatch explain`), so it names the specific condition that was not met.
 */
export type RuleOutcome =
  | {
      readonly status: 'match';
      readonly evidence: { readonly expected: string; readonly actual: string; readonly note?: string };
      /** A sentence specific to this event; the rule's generic title is used when absent. */
      readonly title?: string;
    }
  | { readonly status: 'no-match' }
  | { readonly status: 'not-applicable'; readonly reason: string };

export interface RuleContext {
  readonly config: TrustConfig;
  /** The first `roles` entry whose `arn` matches the event's role, compiled; resolved once per event. */
  readonly roleEntry: CompiledRoleEntry | undefined;
}

export interface RuleMetadata {
  /** Stable id; equals the file name; never reused. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** Generic one-line title. */
  readonly title: string;
  /** When it fires, for the README catalogue. */
  readonly description: string;
  readonly remediation: string;
  /** e.g. `MITRE ATT&CK T1078.004`, documentation URLs. */
  readonly references: readonly string[];
  /** Whether the rule needs state across events (a state store). */
  readonly stateful: boolean;
  /** Whether the rule judges a grant (looks only at successful calls). */
  readonly judgesGrant: boolean;
}

export interface Rule extends RuleMetadata {
  readonly evaluate: (event: CredentialEvent, ctx: RuleContext) => RuleOutcome;
}

/**
 * A rule over IAM trust-policy changes ({@link TrustPolicyEvent}) instead of credential-issuing calls:
 * the engine gives each rule only the kind of event it declares in `judges`.
 */
export interface TrustPolicyRule extends RuleMetadata {
  readonly judges: 'trust-policy';
  readonly evaluate: (event: TrustPolicyEvent, ctx: RuleContext) => RuleOutcome;
}
