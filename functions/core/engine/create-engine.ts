import type { Finding } from '../model/finding.ts';
import {
  type AnyRule,
  eventKind,
  type JudgedEvent,
  judgedKind,
  notApplicableKind,
  type RuleContext,
  type RuleOutcome,
} from '../model/rule.ts';
import { maxSeverity } from '../model/severity.ts';
import type { CompiledRoleEntry, TrustConfig } from '../model/trust-config.ts';
import { RULES } from '../rules/registry.ts';
import { compileTrust } from '../trust/compile-trust.ts';
import { withRolePath } from '../trust/role-path-from-entries.ts';
import { buildFinding } from './build-finding.ts';
import { EngineError } from './engine-error.ts';

/** What `explain` says of a rule the trust file switched off (`rules: { ID: { enabled: false } }`). */
export const DISABLED: RuleOutcome = { status: 'not-applicable', reason: 'disabled in the trust file' };

export interface EngineOptions {
  /** A validated trust file, as plain data (it may have crossed a structured clone). */
  readonly config: TrustConfig;
  /** Defaults to every rule of the registry ({@link RULES}). */
  readonly rules?: readonly AnyRule[];
  /** Epoch milliseconds, for suppression expiry; defaults to `Date.now`. */
  readonly now?: () => number;
}

/** One rule's verdict on one event. */
export interface RuleVerdict {
  readonly rule: AnyRule;
  readonly outcome: RuleOutcome;
}

/** Why an event gave the findings it gave: the entry that applied and every rule's verdict. */
export interface Explanation {
  /** The first `roles` entry whose `arn` matches the event's role (or AssumeRoot target), if any. */
  readonly roleEntry: CompiledRoleEntry | undefined;
  readonly verdicts: readonly RuleVerdict[];
}

type Match = Extract<RuleOutcome, { status: 'match' }>;

export interface Engine {
  /**
   * Every finding the rules of the event's kind raise for one event (a credential-issuing call or an IAM
   * trust-policy change), suppressed ones included (marked `suppressed: true`).
   */
  judge(event: JudgedEvent): Finding[];
  /**
   * Every rule's outcome for one event, not-applicable reasons included (for `rolewatch explain`); a rule
   * of the other event kind is not applicable, and says so.
   */
  explain(event: JudgedEvent): Explanation;
  /**
   * The finding for one rule's match on one event, with the severity the trust file sets and the role
   * entry's floor and a matching suppression applied: how `judge` builds its findings, and how the state
   * stage builds those of the stateful rules.
   */
  findingFor(rule: AnyRule, event: JudgedEvent, outcome: Match): Finding;
}

/**
 * Runs the rules over normalized events against one trust file, which it compiles once (patterns, CIDR
 * blocks, regular expressions) and owns with its caches. The role entry is resolved once per event; a
 * finding's severity is the rule's (its default, or the trust file's `rules:` setting) raised to the role
 * entry's `severity`; a rule the `rules:` section disables is not run; a matching, unexpired suppression
 * marks the finding suppressed instead of dropping it.
 *
 * A rule that throws is a bug (rules are total over normalized events): `judge` rethrows it as an
 * {@link EngineError} naming the rule and event rather than hiding it behind a missing finding.
 *
 * @example
 * const engine = createEngine({ config });
 * const findings = engine.judge(event);
 */
export function createEngine(options: EngineOptions): Engine {
  const { config } = options;
  const rules = options.rules ?? RULES;
  const now = options.now ?? Date.now;
  const trust = compileTrust(config);
  // The trust file's `rules:` section: a disabled rule is never run; a severity replaces the default.
  const enabled = rules.filter((rule) => config.rules[rule.id]?.enabled !== false);
  // Each event is judged by the enabled rules of its kind only: split once, not per event.
  const enabledByKind = {
    credential: enabled.filter((r) => judgedKind(r) === 'credential'),
    'trust-policy': enabled.filter((r) => judgedKind(r) === 'trust-policy'),
  };
  const severityOf = new Map(
    rules.map((rule) => [rule.id, config.rules[rule.id]?.severity ?? rule.defaultSeverity] as const),
  );

  const contextOf = (event: JudgedEvent): RuleContext => {
    // Any target the trust file may list: a role, or (AssumeRoot) an account root `arn:…:iam::ID:root`.
    const role = event.role;
    return { config, roleEntry: role === undefined ? undefined : trust.roleEntry(role.arn) };
  };
  const evaluate = (rule: AnyRule, event: JudgedEvent, ctx: RuleContext): RuleOutcome => {
    if (judgedKind(rule) !== eventKind(event)) return notApplicableKind(rule);
    try {
      // The kinds agree (checked above), so the event is the one this rule's evaluate takes.
      return (rule.evaluate as (e: JudgedEvent, c: RuleContext) => RuleOutcome)(event, ctx);
    } catch (cause) {
      throw new EngineError(rule.id, event.eventId, cause);
    }
  };

  const findingFor = (rule: AnyRule, event: JudgedEvent, outcome: Match, ctx = contextOf(event)): Finding => {
    const role = event.role;
    const actorArns = [event.actor.arn, event.actor.sessionIssuerArn].filter(
      (a): a is string => a !== undefined,
    );
    const query =
      role === undefined ? { rule: rule.id, actorArns } : { rule: rule.id, roleArn: role.arn, actorArns };
    const suppression = trust.suppression(query, now());
    const severity = maxSeverity(severityOf.get(rule.id) ?? rule.defaultSeverity, ctx.roleEntry?.severity);
    return buildFinding(rule, event, outcome, severity, suppression);
  };

  return {
    judge(recorded) {
      const event = withRolePath(config, recorded);
      const ctx = contextOf(event);
      const findings: Finding[] = [];
      for (const rule of enabledByKind[eventKind(event)]) {
        const outcome = evaluate(rule, event, ctx);
        if (outcome.status !== 'match') continue;
        findings.push(findingFor(rule, event, outcome, ctx));
      }
      return findings;
    },
    findingFor: (rule, event, outcome) => findingFor(rule, event, outcome),
    explain(recorded) {
      const event = withRolePath(config, recorded);
      const ctx = contextOf(event);
      return {
        roleEntry: ctx.roleEntry,
        verdicts: rules.map((rule) => ({
          rule,
          outcome: enabled.includes(rule) ? evaluate(rule, event, ctx) : DISABLED,
        })),
      };
    },
  };
}
