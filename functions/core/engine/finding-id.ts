import type { JudgedEvent } from '../model/rule.ts';
import { sha256Hex } from '../text/sha256-hex.ts';

/** What identifies the call a finding is about, independent of which copy of it was read. */
export function eventIdentity(event: JudgedEvent): string {
  // Both copies of a cross-account call share sharedEventID but have different eventIDs.
  if (event.sharedEventId !== undefined) return `shared:${event.sharedEventId}`;
  if (event.eventId !== undefined) return `event:${event.eventId}`;
  return `tuple:${JSON.stringify([
    event.eventTime ?? null,
    event.eventName,
    event.requestId ?? null,
    event.actor.arn ?? event.actor.principalId ?? null,
    event.role?.arn ?? null,
    event.sourceIp ?? null,
  ])}`;
}

/**
 * A stable finding id: the first 32 hex characters of SHA-256 over the rule id and the event identity
 * (`sharedEventID`, else `eventID`, else a tuple of time, name, request id, actor, role and address).
 * The two copies of a cross-account call therefore give the same id for the same rule.
 */
export function findingId(ruleId: string, event: JudgedEvent): string {
  return sha256Hex(`${ruleId}\n${eventIdentity(event)}`).slice(0, 32);
}
