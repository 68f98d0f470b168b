import type { Finding } from '../../core/model/finding.ts';

/** Longest string any finding field may carry into an alert; attacker-controlled strings are unbounded. */
export const MAX_FIELD_CHARS = 1024;
/** Longest ARN an alert carries: STS accepts a RoleArn of up to 2048 characters. */
export const MAX_ARN_CHARS = 2048;

export const truncate = (s: string, max: number): string =>
  s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;

const str = (s: string | undefined): string | undefined =>
  s === undefined ? undefined : truncate(s, MAX_FIELD_CHARS);

type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** Copies only defined values, so `exactOptionalPropertyTypes` holds and JSON stays small. */
function defined<T extends Record<string, unknown>>(o: T): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Defined<T>;
}

/**
 * The finding as alerts carry it: exactly the fields of CONTRACT §4, rebuilt field by field (an
 * allow-list), with long strings truncated. Whatever else an object may carry at run time — a
 * credentials object spread in by mistake — never reaches a sink.
 */
export function alertPayload(f: Finding): Finding {
  return defined({
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    title: truncate(f.title, MAX_FIELD_CHARS),
    eventId: str(f.eventId),
    sharedEventId: str(f.sharedEventId),
    eventTime: str(f.eventTime),
    eventName: f.eventName,
    awsRegion: str(f.awsRegion),
    recipientAccountId: str(f.recipientAccountId),
    role:
      f.role === undefined
        ? undefined
        : defined({ arn: truncate(f.role.arn, MAX_ARN_CHARS), accountId: f.role.accountId }),
    actor: defined({
      type: f.actor.type,
      arn: str(f.actor.arn),
      accountId: str(f.actor.accountId),
      display: truncate(f.actor.display, MAX_FIELD_CHARS),
    }),
    sourceIp: str(f.sourceIp),
    userAgent: str(f.userAgent),
    session: defined({
      name: str(f.session.name),
      requestedSeconds: f.session.requestedSeconds,
      grantedSeconds: f.session.grantedSeconds,
      sourceIdentity: str(f.session.sourceIdentity),
    }),
    evidence: defined({
      expected: truncate(f.evidence.expected, MAX_FIELD_CHARS),
      actual: truncate(f.evidence.actual, MAX_FIELD_CHARS),
      note: str(f.evidence.note),
    }),
    remediation: truncate(f.remediation, MAX_FIELD_CHARS),
    suppressed: f.suppressed,
    suppression:
      f.suppression === undefined
        ? undefined
        : {
            owner: truncate(f.suppression.owner, 256),
            reason: truncate(f.suppression.reason, MAX_FIELD_CHARS),
            expires: truncate(f.suppression.expires, 64),
          },
    location: str(f.location),
  });
}
