import type { Finding } from '../../core/model/finding.ts';
import { jsonSafe } from '../../core/render/json-safe.ts';
import { scrubSecrets } from '../../core/text/scrub-secrets.ts';

/** Longest string any finding field may carry into an alert; attacker-controlled strings are unbounded. */
export const MAX_FIELD_CHARS = 1024;
/** Longest ARN an alert carries: STS accepts a RoleArn of up to 2048 characters. */
export const MAX_ARN_CHARS = 2048;

export const truncate = (s: string, max: number): string =>
  s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;

/** How long the strings of one alert payload may be. */
interface PayloadLimits {
  readonly fieldChars: number;
  readonly arnChars: number;
  /** ARNs kept of `actor.origin.chain`. */
  readonly chainLength: number;
}

const FULL: PayloadLimits = { fieldChars: MAX_FIELD_CHARS, arnChars: MAX_ARN_CHARS, chainLength: 12 };
/**
 * For a payload that would not fit a message at {@link FULL} limits: every string at most 256 characters,
 * which keeps it under ~60 KB even when each character is an invisible one written as a 6-byte `\u` escape.
 */
const COMPACT: PayloadLimits = { fieldChars: 256, arnChars: 512, chainLength: 4 };

type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** Copies only defined values, so `exactOptionalPropertyTypes` holds and JSON stays small. */
function defined<T extends Record<string, unknown>>(o: T): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Defined<T>;
}

/**
 * The finding as alerts carry it: exactly the fields of CONTRACT §4, rebuilt field by field (an
 * allow-list), with token-shaped strings scrubbed ({@link scrubSecrets}) and long strings truncated.
 * Whatever else an object may carry at run time — a credentials object spread in by mistake — never
 * reaches a sink. Every sink formats this value, never the finding itself.
 */
export function alertPayload(f: Finding): Finding {
  return payloadWith(f, FULL);
}

/**
 * {@link alertPayload}, or — when that would take more than `maxBytes` as sent (serialized, then
 * {@link jsonSafe}) — the same fields cut shorter, so that one finding built from a forged record of huge
 * strings still fits one SNS message or EventBridge entry instead of failing the sink on every re-drive.
 */
export function alertPayloadWithin(f: Finding, maxBytes: number): Finding {
  const full = payloadWith(f, FULL);
  return payloadBytes(full) <= maxBytes ? full : payloadWith(f, COMPACT);
}

/** The UTF-8 bytes of a payload as the JSON sinks write it. */
export const payloadBytes = (payload: unknown): number =>
  Buffer.byteLength(jsonSafe(JSON.stringify(payload)), 'utf8');

function payloadWith(f: Finding, limits: PayloadLimits): Finding {
  /** An attacker-controllable string as alerts carry it: token-shaped parts scrubbed, then cut. */
  const text = (s: string, max = limits.fieldChars): string => truncate(scrubSecrets(s), max);
  const str = (s: string | undefined): string | undefined => (s === undefined ? undefined : text(s));
  const arn = (s: string): string => text(s, limits.arnChars);
  return defined({
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    title: text(f.title),
    eventId: str(f.eventId),
    sharedEventId: str(f.sharedEventId),
    eventTime: str(f.eventTime),
    eventName: f.eventName,
    awsRegion: str(f.awsRegion),
    recipientAccountId: str(f.recipientAccountId),
    role: f.role === undefined ? undefined : defined({ arn: arn(f.role.arn), accountId: f.role.accountId }),
    actor: defined({
      type: f.actor.type,
      arn: str(f.actor.arn),
      accountId: str(f.actor.accountId),
      display: text(f.actor.display),
      origin:
        f.actor.origin === undefined
          ? undefined
          : defined({
              display: text(f.actor.origin.display),
              chain: f.actor.origin.chain.slice(0, limits.chainLength).map(arn),
              note: str(f.actor.origin.note),
            }),
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
      expected: text(f.evidence.expected),
      actual: text(f.evidence.actual),
      note: str(f.evidence.note),
    }),
    remediation: text(f.remediation),
    suppressed: f.suppressed,
    suppression:
      f.suppression === undefined
        ? undefined
        : {
            owner: text(f.suppression.owner, Math.min(256, limits.fieldChars)),
            reason: text(f.suppression.reason),
            expires: text(f.suppression.expires, 64),
          },
    location: str(f.location),
  });
}
