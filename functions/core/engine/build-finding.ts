import type { Finding } from '../model/finding.ts';
import { formatLocation } from '../model/location.ts';
import type { JudgedEvent, RuleMetadata, RuleOutcome } from '../model/rule.ts';
import type { Severity } from '../model/severity.ts';
import type { Suppression } from '../model/trust-config.ts';
import { isTrustPolicyEvent } from '../model/trust-policy-event.ts';
import { IMPLAUSIBLE_EXPIRATION, TRUNCATED_FIELDS } from '../normalize/normalize-record.ts';
import { MAX_FIELD_CHARS } from '../normalize/record-fields.ts';
import { titleSentence } from '../rules/support/title-text.ts';
import { findingId } from './finding-id.ts';

type Match = Extract<RuleOutcome, { status: 'match' }>;

/** `{ key: value }`, or `{}` when the value is absent (exactOptionalPropertyTypes: no `key: undefined`). */
const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

function unresolvedNote(event: JudgedEvent): string | undefined {
  if (event.actor.type !== 'AWSAccount' || isTrustPolicyEvent(event)) return undefined;
  return (
    `the caller is known only as account ${event.actor.accountId ?? '(unknown)'}: this is the role ` +
    "owner's copy of a cross-account call, and the principal could not be resolved further"
  );
}

/** What the record could not tell, in words, for gaps that bear on a judgement. */
function gapNotes(event: JudgedEvent): string[] {
  const notes: string[] = [];
  for (const gap of event.gaps) {
    if (gap === IMPLAUSIBLE_EXPIRATION) {
      notes.push(
        'credentials.expiration is before eventTime or implausibly far after it: the granted duration is unknown',
      );
    } else if (gap === TRUNCATED_FIELDS) {
      notes.push(`some fields of the record are longer than ${MAX_FIELD_CHARS} characters and are shown cut`);
    }
  }
  return notes;
}

function evidenceOf(event: JudgedEvent, outcome: Match): Finding['evidence'] {
  const notes = [outcome.evidence.note, unresolvedNote(event), ...gapNotes(event)].filter(
    (n): n is string => n !== undefined,
  );
  return {
    expected: outcome.evidence.expected,
    actual: outcome.evidence.actual,
    ...opt('note', notes.length > 0 ? notes.join('; ') : undefined),
  };
}

/**
 * The finding for one matching rule, with exactly the fields of CONTRACT §4. Only facts already in the
 * normalized event are copied, and the event never holds tokens, secret keys or ExternalId values. For an
 * IAM trust-policy change, `role` is the changed role, `actor` who changed it, and `session` is empty.
 *
 * Fields are set one by one in output order (an absent value leaves its key out: exactOptionalPropertyTypes),
 * not spread from small objects: this runs once per finding, and a trail can give one per record.
 */
export function buildFinding(
  rule: RuleMetadata,
  event: JudgedEvent,
  outcome: Match,
  severity: Severity,
  suppression: Suppression | undefined,
): Finding {
  const { actor, role } = event;
  const session = isTrustPolicyEvent(event) ? undefined : event.session;
  const f: Record<string, unknown> = {
    id: findingId(rule.id, event),
    rule: rule.id,
    severity,
    // One line, bounded: a rule's own clipping is the first guard, this one holds for any rule.
    title: titleSentence(outcome.title ?? rule.title),
  };
  if (event.eventId !== undefined) f.eventId = event.eventId;
  if (event.sharedEventId !== undefined) f.sharedEventId = event.sharedEventId;
  if (event.eventTime !== undefined) f.eventTime = event.eventTime;
  f.eventName = event.eventName;
  if (event.awsRegion !== undefined) f.awsRegion = event.awsRegion;
  if (event.recipientAccountId !== undefined) f.recipientAccountId = event.recipientAccountId;
  if (role !== undefined)
    f.role = role.accountId === undefined ? { arn: role.arn } : { arn: role.arn, accountId: role.accountId };
  const findingActor: Record<string, unknown> = { type: actor.type };
  if (actor.arn !== undefined) findingActor.arn = actor.arn;
  if (actor.accountId !== undefined) findingActor.accountId = actor.accountId;
  findingActor.display = actor.display;
  f.actor = findingActor;
  if (event.sourceIp !== undefined) f.sourceIp = event.sourceIp;
  if (event.userAgent !== undefined) f.userAgent = event.userAgent;
  const findingSession: Record<string, unknown> = {};
  if (session?.name !== undefined) findingSession.name = session.name;
  // A duration the request did not carry is left out (CONTRACT §4); rules that judge the default say so.
  if (session !== undefined && !session.requestedSecondsDefaulted && session.requestedSeconds !== undefined) {
    findingSession.requestedSeconds = session.requestedSeconds;
  }
  if (session?.grantedSeconds !== undefined) findingSession.grantedSeconds = session.grantedSeconds;
  if (session?.sourceIdentity !== undefined) findingSession.sourceIdentity = session.sourceIdentity;
  f.session = findingSession;
  f.evidence = evidenceOf(event, outcome);
  f.remediation = rule.remediation;
  f.suppressed = suppression !== undefined;
  if (suppression !== undefined) {
    f.suppression = { owner: suppression.owner, reason: suppression.reason, expires: suppression.expires };
  }
  f.location = formatLocation(event.location);
  return f as unknown as Finding;
}
