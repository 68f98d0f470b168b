import { compileArnLike } from '../arn/arn-like.ts';
import type { Engine } from '../engine/create-engine.ts';
import type { Finding } from '../model/finding.ts';
import { formatLocation } from '../model/location.ts';
import { eventKind, type JudgedEvent } from '../model/rule.ts';
import { maxSeverity, type Severity } from '../model/severity.ts';
import type { TrustConfig } from '../model/trust-config.ts';
import { isTrustPolicyEvent } from '../model/trust-policy-event.ts';
import { withRolePath } from '../trust/role-path-from-entries.ts';

/** A `roles` entry by its place in the trust file. */
export interface EntryRef {
  readonly arn: string;
  readonly line?: number;
  /** 0-based position in `roles`. */
  readonly index: number;
}

/** One rule's verdict on the record, as `rolewatch explain` shows it. */
export interface RuleVerdictView {
  readonly rule: string;
  /** The rule's severity raised to the entry's `severity` (what a finding would carry). */
  readonly severity: Severity;
  readonly verdict: 'match' | 'no-match' | 'not-applicable';
  /** Why: the finding's title (match), the expectation found met (no-match), the reason not judged. */
  readonly reason: string;
  readonly evidence?: { readonly expected: string; readonly actual: string; readonly note?: string };
  /** A match that a suppression keeps out of alerts. */
  readonly suppressed?: { readonly owner: string; readonly reason: string; readonly expires: string };
}

/** Everything `rolewatch explain` says about one record. */
export interface RecordExplanation {
  readonly record: {
    readonly kind: 'credential' | 'trust-policy';
    readonly eventName: string;
    readonly eventTime?: string;
    readonly eventId?: string;
    readonly location: string;
    readonly success: boolean;
    readonly errorCode?: string;
    readonly actor: string;
    readonly role?: string;
  };
  /** The first entry whose `arn` matches the role: the one whose settings the rules judged against. */
  readonly entry?: EntryRef;
  /** Later entries that match the role too: the applied entry shadows them, so they never apply to it. */
  readonly shadowed: readonly EntryRef[];
  /** Why no entry can apply, when that is not simply "no entry matches". */
  readonly entryNote?: string;
  readonly verdicts: readonly RuleVerdictView[];
  /** The findings the record gives (as `scan` would report them). */
  readonly findings: readonly Finding[];
  /**
   * Set when an earlier record of the same input is the other copy of this call (the same finding ids):
   * scan reports those findings once. See markSharedCopies.
   */
  readonly sameCallAs?: { readonly location: string; readonly rules: readonly string[] };
}

const GENERIC_NO_MATCH = 'the rule judged the record and found the expectation met';

/** Entries whose `arn` matches the role, in file order (the first applies). */
function matchingEntries(config: TrustConfig, roleArn: string): EntryRef[] {
  return config.roles.flatMap((e, index) =>
    compileArnLike(e.arn)(roleArn)
      ? [{ arn: e.arn, index, ...(e.line === undefined ? {} : { line: e.line }) }]
      : [],
  );
}

function entryNoteOf(event: JudgedEvent): string | undefined {
  if (event.role === undefined) {
    return event.eventName === 'GetSessionToken' || event.eventName === 'GetFederationToken'
      ? `${event.eventName} issues credentials for the caller itself: there is no role, so no entry applies`
      : 'the record does not name the role: no entry can apply';
  }
  if (isTrustPolicyEvent(event) && event.role?.pathFromTrustFile === true) {
    return `the record names the role without its path; the entry naming it exactly gives its ARN, ${event.role.arn}`;
  }
  if (isTrustPolicyEvent(event) && event.role?.pathKnown === false) {
    return `the record names the role without its path: entries were matched against ${event.role.arn}`;
  }
  return undefined;
}

/**
 * Why one record gave the findings it gave: the trust entry that applied (and the later entries it
 * shadows for this role), and every rule's verdict with its reason, from the engine's own evaluation
 * (`engine.explain`) and its findings (`engine.judge`, for severities and suppressions).
 *
 * @example explainEvent(engine, config, event).verdicts.filter((v) => v.verdict === 'match')
 */
export function explainEvent(engine: Engine, config: TrustConfig, recorded: JudgedEvent): RecordExplanation {
  // The role as the engine judges it (an update call's role takes its path from an entry naming it).
  const event = withRolePath(config, recorded);
  const explanation = engine.explain(event);
  const findings = engine.judge(event);
  const byRule = new Map(findings.map((f) => [f.rule, f]));
  const matching = event.role === undefined ? [] : matchingEntries(config, event.role.arn);
  const [entry, ...shadowed] = matching;
  const verdicts = explanation.verdicts.map(({ rule, outcome }): RuleVerdictView => {
    const finding = byRule.get(rule.id);
    // As a finding would carry it: the rule's severity (the trust file's `rules:` setting, else the
    // default) raised to the entry's.
    const ruleSeverity = config.rules[rule.id]?.severity ?? rule.defaultSeverity;
    const severity = finding?.severity ?? maxSeverity(ruleSeverity, explanation.roleEntry?.severity);
    switch (outcome.status) {
      case 'match':
        return {
          rule: rule.id,
          severity,
          verdict: 'match',
          reason: finding?.title ?? outcome.title ?? rule.title,
          evidence: finding?.evidence ?? outcome.evidence,
          ...(finding?.suppression === undefined ? {} : { suppressed: finding.suppression }),
        };
      case 'no-match':
        return {
          rule: rule.id,
          severity,
          verdict: 'no-match',
          reason: rule.noMatchReason ?? GENERIC_NO_MATCH,
        };
      default:
        return { rule: rule.id, severity, verdict: 'not-applicable', reason: outcome.reason };
    }
  });
  const note = entryNoteOf(event);
  return {
    record: {
      kind: eventKind(event),
      eventName: event.eventName,
      ...(event.eventTime === undefined ? {} : { eventTime: event.eventTime }),
      ...(event.eventId === undefined ? {} : { eventId: event.eventId }),
      location: formatLocation(event.location),
      success: event.success,
      ...(event.errorCode === undefined ? {} : { errorCode: event.errorCode }),
      actor: event.actor.display,
      ...(event.role === undefined ? {} : { role: event.role.arn }),
    },
    ...(entry === undefined ? {} : { entry }),
    shadowed,
    ...(note === undefined ? {} : { entryNote: note }),
    verdicts,
    findings,
  };
}
