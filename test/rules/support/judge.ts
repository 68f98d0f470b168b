import { createEngine } from '../../../functions/core/engine/create-engine.ts';
import type { CredentialEvent } from '../../../functions/core/model/credential-event.ts';
import type { Finding } from '../../../functions/core/model/finding.ts';
import type { JudgedEvent, RuleOutcome } from '../../../functions/core/model/rule.ts';
import type { TrustConfig } from '../../../functions/core/model/trust-config.ts';
import { normalizeRecord } from '../../../functions/core/normalize/normalize-record.ts';
import { parseTrustConfig } from '../../../functions/core/trust/parse-trust-config.ts';
import type { CloudTrailRecord } from './cloudtrail-records.ts';

/** 2026-12-01T00:00:00Z: a fixed clock, so suppression expiry does not depend on the day tests run. */
export const NOW_MS = Date.UTC(2026, 11, 1);

export function trustConfig(yaml: string): TrustConfig {
  const parsed = parseTrustConfig(yaml, 'test-trust.yaml', { now: new Date(NOW_MS) });
  if (!parsed.ok) throw new Error(`test trust file is invalid: ${JSON.stringify(parsed.error)}`);
  return parsed.value.config;
}

export function normalized(record: CloudTrailRecord, line = 1): CredentialEvent {
  const outcome = normalizeRecord(record, { file: 'test-trail.json', line });
  if (outcome.kind !== 'event') throw new Error(`record did not normalize to an event: ${outcome.kind}`);
  return outcome.event;
}

/** A credential-issuing call or an IAM trust-policy change, normalized as the pipeline does. */
export function judgedEvent(record: CloudTrailRecord, line = 1): JudgedEvent {
  const outcome = normalizeRecord(record, { file: 'test-trail.json', line });
  if (outcome.kind !== 'event' && outcome.kind !== 'trust-policy') {
    throw new Error(`record did not normalize to an event: ${outcome.kind}`);
  }
  return outcome.event;
}

/** normalizeRecord → parseTrustConfig → createEngine, as the scan does. */
export function judge(yaml: string, record: CloudTrailRecord, nowMs = NOW_MS): Finding[] {
  return createEngine({ config: trustConfig(yaml), now: () => nowMs }).judge(judgedEvent(record));
}

/** The findings of one rule only. */
export function judgeRule(ruleId: string, yaml: string, record: CloudTrailRecord, nowMs = NOW_MS): Finding[] {
  return judge(yaml, record, nowMs).filter((f) => f.rule === ruleId);
}

/**
 * One rule's outcome for a record, not-applicable reasons included, as `engine.explain` gives it (and as
 * `rolewatch explain` will show it to people).
 */
export function outcomeOf(
  ruleId: string,
  yaml: string,
  record: CloudTrailRecord,
  nowMs = NOW_MS,
): RuleOutcome {
  const engine = createEngine({ config: trustConfig(yaml), now: () => nowMs });
  const verdict = engine.explain(judgedEvent(record)).verdicts.find((v) => v.rule.id === ruleId);
  if (verdict === undefined) throw new Error(`no rule ${ruleId}`);
  return verdict.outcome;
}
