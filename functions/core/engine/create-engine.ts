import type { CredentialEvent } from '../model/credential-event.ts';
import type { Finding } from '../model/finding.ts';
import type { Rule, RuleContext, RuleOutcome } from '../model/rule.ts';
import { maxSeverity } from '../model/severity.ts';
import type { TrustConfig } from '../model/trust-config.ts';
import { boundedMemo } from '../normalize/bounded-memo.ts';
import { RULES } from '../rules/registry.ts';
import { findRoleEntry, findSuppression } from '../trust/match-principal.ts';
import { buildFinding } from './build-finding.ts';
import { EngineError } from './engine-error.ts';

export interface EngineOptions {
  readonly config: TrustConfig;
  /** Defaults to every stateless rule ({@link RULES}). */
  readonly rules?: readonly Rule[];
  /** Epoch milliseconds, for suppression expiry; defaults to `Date.now`. */
  readonly now?: () => number;
}

export interface Engine {
  /** Every finding the rules raise for one event, suppressed ones included (marked `suppressed: true`). */
  judge(event: CredentialEvent): Finding[];
}

/**
 * Runs the rules over normalized events against one trust file. The role entry is resolved once per
 * event; a finding's severity is the rule's default raised to the role entry's `severity`; a matching,
 * unexpired suppression marks the finding suppressed instead of dropping it.
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
  // A trail names the same few roles over and over: each distinct ARN is matched against the roles
  // entries once (the entries are fixed for the engine's life; the memo is bounded).
  const roleEntryOf = boundedMemo((roleArn: string) => findRoleEntry(config, roleArn));
  return {
    judge(event) {
      const role = event.role;
      // Any target the trust file may list: a role, or (AssumeRoot) an account root `arn:…:iam::ID:root`.
      const ctx: RuleContext = { config, roleEntry: role === undefined ? undefined : roleEntryOf(role.arn) };
      const findings: Finding[] = [];
      for (const rule of rules) {
        let outcome: RuleOutcome;
        try {
          outcome = rule.evaluate(event, ctx);
        } catch (cause) {
          throw new EngineError(rule.id, event.eventId, cause);
        }
        if (outcome.status !== 'match') continue;
        const actorArns = [event.actor.arn, event.actor.sessionIssuerArn].filter(
          (a): a is string => a !== undefined,
        );
        const query =
          role === undefined ? { rule: rule.id, actorArns } : { rule: rule.id, roleArn: role.arn, actorArns };
        const suppression = findSuppression(config, query, now());
        const severity = maxSeverity(rule.defaultSeverity, ctx.roleEntry?.severity);
        findings.push(buildFinding(rule, event, outcome, severity, suppression));
      }
      return findings;
    },
  };
}
