import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { SessionLink, StateItem } from '../../core/state/state-item.ts';
import { SessionLinkSchema } from './state-file-schema.ts';

/** The table's TTL attribute: epoch seconds, on every item (DynamoDB deletes the item some time after). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Who holds an alert claim (a delivery's token); conditions compare it. */
export const CLAIMANT_ATTRIBUTE = 'claimant';

type Attributes = Record<string, AttributeValue>;

const S = (value: string): AttributeValue => ({ S: value });
const N = (value: number): AttributeValue => ({ N: String(value) });

/**
 * A state item as DynamoDB attributes: `pk` is the item's key, `kind` its kind, `expiresAt` the TTL
 * (epoch seconds; `expiresAtMs` keeps the exact time the code judges by), the other fields as they are;
 * sets of denied calls and roles as string sets (so that concurrent writers add to them by union), a
 * session's link as JSON text, an alert claim as `claimant` and `claimedAtMs` (a delivered alert has
 * `alertedAtMs` and neither).
 */
export function toAttributes(item: StateItem): Attributes {
  const common: Attributes = {
    pk: S(item.key),
    kind: S(item.kind),
    expiresAtMs: N(item.expiresAtMs),
    [TTL_ATTRIBUTE]: N(Math.ceil(item.expiresAtMs / 1000)),
  };
  switch (item.kind) {
    case 'pair':
      return {
        ...common,
        actor: S(item.actor),
        role: S(item.role),
        firstSeenMs: N(item.firstSeenMs),
        lastSeenMs: N(item.lastSeenMs),
        firstEvent: S(item.firstEvent),
        learned: { BOOL: item.learned },
      };
    case 'burst':
      return {
        ...common,
        actor: S(item.actor),
        bucketStartMs: N(item.bucketStartMs),
        ...(item.denials.length > 0 ? { denials: { SS: [...item.denials] } } : {}),
        ...(item.roles.length > 0 ? { roles: { SS: [...item.roles] } } : {}),
        ...(item.fired === undefined
          ? {}
          : { firedId: S(item.fired.findingId), firedEvent: S(item.fired.event) }),
      };
    case 'session':
      return { ...common, link: S(JSON.stringify(item.link)) };
    case 'alert':
      return {
        ...common,
        findingId: S(item.findingId),
        sink: S(item.sink),
        ...(item.alertedAtMs === undefined ? {} : { alertedAtMs: N(item.alertedAtMs) }),
        ...(item.claim === undefined
          ? {}
          : { [CLAIMANT_ATTRIBUTE]: S(item.claim.by), claimedAtMs: N(item.claim.atMs) }),
      };
  }
}

const str = (a: Attributes, name: string): string | undefined => a[name]?.S;
const num = (a: Attributes, name: string): number | undefined => {
  const n = a[name]?.N;
  return n === undefined ? undefined : Number(n);
};

/** The state item an attribute map holds; undefined when it is not one this release wrote. */
export function fromAttributes(a: Attributes): StateItem | undefined {
  const key = str(a, 'pk');
  const kind = str(a, 'kind');
  const expiresAtMs = num(a, 'expiresAtMs') ?? (num(a, TTL_ATTRIBUTE) ?? 0) * 1000;
  if (key === undefined) return undefined;
  switch (kind) {
    case 'pair': {
      const actor = str(a, 'actor');
      const role = str(a, 'role');
      const firstSeenMs = num(a, 'firstSeenMs');
      const lastSeenMs = num(a, 'lastSeenMs');
      const firstEvent = str(a, 'firstEvent');
      if (actor === undefined || role === undefined || firstEvent === undefined) return undefined;
      if (firstSeenMs === undefined || lastSeenMs === undefined) return undefined;
      const learned = a.learned?.BOOL === true;
      return { kind, key, actor, role, firstSeenMs, lastSeenMs, firstEvent, learned, expiresAtMs };
    }
    case 'burst': {
      const actor = str(a, 'actor');
      const bucketStartMs = num(a, 'bucketStartMs');
      if (actor === undefined || bucketStartMs === undefined) return undefined;
      const firedId = str(a, 'firedId');
      const firedEvent = str(a, 'firedEvent');
      return {
        kind,
        key,
        actor,
        bucketStartMs,
        // String sets come back in no particular order: sorted, so that every store answers alike.
        denials: [...(a.denials?.SS ?? [])].sort(),
        roles: [...(a.roles?.SS ?? [])].sort(),
        ...(firedId === undefined || firedEvent === undefined
          ? {}
          : { fired: { findingId: firedId, event: firedEvent } }),
        expiresAtMs,
      };
    }
    case 'session': {
      const text = str(a, 'link');
      if (text === undefined) return undefined;
      let link: SessionLink;
      try {
        const parsed = SessionLinkSchema.safeParse(JSON.parse(text));
        if (!parsed.success) return undefined;
        link = parsed.data as SessionLink;
      } catch {
        return undefined;
      }
      return { kind, key, link, expiresAtMs };
    }
    case 'alert': {
      const findingId = str(a, 'findingId');
      const sink = str(a, 'sink');
      const alertedAtMs = num(a, 'alertedAtMs');
      const by = str(a, CLAIMANT_ATTRIBUTE);
      const claimedAtMs = num(a, 'claimedAtMs');
      if (findingId === undefined || sink === undefined) return undefined;
      if (alertedAtMs !== undefined) return { kind, key, findingId, sink, alertedAtMs, expiresAtMs };
      if (by === undefined || claimedAtMs === undefined) return undefined;
      return { kind, key, findingId, sink, claim: { by, atMs: claimedAtMs }, expiresAtMs };
    }
    default:
      return undefined;
  }
}
