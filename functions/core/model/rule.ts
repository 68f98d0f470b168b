import type { CredentialEvent } from './credential-event.ts';
import type { Severity } from './severity.ts';
import type { CompiledRoleEntry, TrustConfig } from './trust-config.ts';
import { isTrustPolicyEvent, type TrustPolicyEvent } from './trust-policy-event.ts';

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
  /**
   * What a no-match means: the expectation the rule judged and found met, said to people by `rolewatch
   * explain` (a match says what broke in its evidence; not-applicable carries its own reason).
   */
  readonly noMatchReason?: string;
  /**
   * The kind of event the rule judges: credential-issuing calls (the default, when absent) or IAM
   * trust-policy changes. The engine gives a rule only events of its kind.
   */
  readonly judges?: EventKind;
}

/** The two kinds of normalized event: STS credential-issuing calls, and IAM changes of a role's trust. */
export type EventKind = 'credential' | 'trust-policy';
export type JudgedEvent = CredentialEvent | TrustPolicyEvent;

/** A rule over credential-issuing calls ({@link CredentialEvent}): every rule but trust-policy-changed. */
export interface Rule extends RuleMetadata {
  readonly judges?: 'credential';
  readonly evaluate: (event: CredentialEvent, ctx: RuleContext) => RuleOutcome;
}

/** A rule over IAM trust-policy changes ({@link TrustPolicyEvent}). */
export interface TrustPolicyRule extends RuleMetadata {
  readonly judges: 'trust-policy';
  readonly evaluate: (event: TrustPolicyEvent, ctx: RuleContext) => RuleOutcome;
}

/** A rule of either kind, as the registry lists them. */
export type AnyRule = Rule | TrustPolicyRule;

/** The kind of event a rule judges. */
export const judgedKind = (rule: Pick<RuleMetadata, 'judges'>): EventKind => rule.judges ?? 'credential';

/** The kind of a normalized event. */
export const eventKind = (event: JudgedEvent): EventKind =>
  isTrustPolicyEvent(event) ? 'trust-policy' : 'credential';

const KIND_NOT_JUDGED: Readonly<Record<EventKind, RuleOutcome>> = {
  credential: {
    status: 'not-applicable',
    reason: 'the rule judges STS credential-issuing calls, not IAM trust-policy changes',
  },
  'trust-policy': {
    status: 'not-applicable',
    reason: 'the rule judges IAM trust-policy changes (CreateRole, UpdateAssumeRolePolicy, UpdateRole)',
  },
};

/** What a rule says about an event of the other kind: not applicable, and why. */
export const notApplicableKind = (rule: Pick<RuleMetadata, 'judges'>): RuleOutcome =>
  KIND_NOT_JUDGED[judgedKind(rule)];
