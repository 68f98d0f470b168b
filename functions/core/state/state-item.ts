import { sha256Hex } from '../text/sha256-hex.ts';

/**
 * The state model: what rolewatch remembers between records, files, runs and invocations. Every item has
 * a string key and an expiry; a store hides expired items and may delete them. Items are plain data, the
 * same in memory, in the state file and (attribute for attribute) in DynamoDB.
 */

/** An (actor, role) pair that has been seen, for `first-seen-pair`. */
export interface PairItem {
  readonly kind: 'pair';
  readonly key: string;
  /** The actor key (see `actorKey`). */
  readonly actor: string;
  /** The role, without its path (see `roleKey`). */
  readonly role: string;
  readonly firstSeenMs: number;
  /** Refreshed at most once a day (one write per pair per day, not per call). */
  readonly lastSeenMs: number;
  /** Identity of the call that introduced the pair: re-reading that call reports it again, no other does. */
  readonly firstEvent: string;
  /** Recorded in learning mode: never reported. */
  readonly learned: boolean;
  readonly expiresAtMs: number;
}

/** The denied calls of one actor in one window-long bucket of time, for `denied-burst`. */
export interface BurstItem {
  readonly kind: 'burst';
  readonly key: string;
  readonly actor: string;
  /** Start of the bucket (a multiple of the window), epoch ms. */
  readonly bucketStartMs: number;
  /** `EPOCH_SECONDS:IDENTITY` of each distinct denied call; at most the burst threshold of them. */
  readonly denials: readonly string[];
  /** Roles (or call names, when no role is known) the denied calls asked for; at most 20. */
  readonly roles: readonly string[];
  /** Set once a burst has been reported from this bucket (or continues one reported from the bucket before). */
  readonly fired?: BurstFired;
  readonly expiresAtMs: number;
}

export interface BurstFired {
  /** The burst's finding id: the same for every bucket the burst continues into. */
  readonly findingId: string;
  /** Identity of the call the finding was built from (a re-delivery of that call may report it again). */
  readonly event: string;
}

/** Who obtained one role session, for session lineage (`actor.origin`). */
export interface SessionItem {
  readonly kind: 'session';
  readonly key: string;
  readonly link: SessionLink;
  readonly expiresAtMs: number;
}

export interface SessionLink {
  /** The principal that started the chain: its ARN (when it has one) and how a person reads it. */
  readonly origin: { readonly arn?: string; readonly display: string };
  /** Roles the chain went through, the session's own role last (at most {@link MAX_HOPS}). */
  readonly hops: readonly RoleHop[];
  /** The source identity set on the session, when one was. */
  readonly sourceIdentity?: string;
  readonly issuedAtMs: number;
  /** Why the chain is shorter than the real one (a loop, or too many hops). */
  readonly note?: string;
}

export interface RoleHop {
  readonly arn: string;
  readonly name: string;
  readonly accountId?: string;
}

/**
 * One (finding, sink) of alert de-duplication (Lambda): delivered by the sink (`alertedAtMs`; live for
 * the de-duplication window), or claimed by a delivery in progress (`claim`, no `alertedAtMs`; live until
 * its lease ends, which is `expiresAtMs`). One item per key holds both states, so that one conditional
 * write decides between them.
 */
export interface AlertItem {
  readonly kind: 'alert';
  readonly key: string;
  readonly findingId: string;
  readonly sink: string;
  /** When the sink delivered the finding; absent while the item is only a claim. */
  readonly alertedAtMs?: number;
  /** The delivery that holds the (finding, sink) until `expiresAtMs`; absent once delivered. */
  readonly claim?: AlertClaim;
  readonly expiresAtMs: number;
}

/** Who claimed a (finding, sink) to deliver it, and when. */
export interface AlertClaim {
  /**
   * A token unique to one delivery (one `deliverOnce` call: a `stream` or `events` invocation, one object of
   * an `s3-batch` message), so that only it may renew or release its claim.
   */
  readonly by: string;
  readonly atMs: number;
}

/** Whether an alert item says the sink delivered the finding (not merely that a delivery claimed it). */
export const isDelivered = (item: AlertItem): boolean => item.alertedAtMs !== undefined;

export type StateItem = PairItem | BurstItem | SessionItem | AlertItem;
export type StateItemKind = StateItem['kind'];
export const STATE_ITEM_KINDS: readonly StateItemKind[] = ['pair', 'burst', 'session', 'alert'];

/** Longest role chain remembered; longer chains are cut with a note (CONTRACT §4). */
export const MAX_HOPS = 10;

/*
 * Keys. A key is at most 1,024 UTF-8 bytes (DynamoDB allows 2,048): the parts that come from records
 * (subjects, ARNs) are hashed when they would make it longer; the item keeps them readable.
 */
/**
 * The longest key kept as written, in UTF-8 bytes: DynamoDB limits a partition key to 2048 bytes (not
 * characters: 700 CJK characters of an OIDC subject are 2,100 bytes), and this leaves room.
 */
const MAX_KEY_BYTES = 1024;

/** UTF-8 length of `s`, without encoding it. */
function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function bounded(prefix: string, rest: string): string {
  const key = `${prefix}#${rest}`;
  if (key.length * 3 <= MAX_KEY_BYTES || utf8Bytes(key) <= MAX_KEY_BYTES) return key;
  return `${prefix}#sha256:${sha256Hex(rest)}`;
}

export const pairKey = (actor: string, role: string): string => bounded('pair', `${actor}#${role}`);
export const burstKey = (actor: string, bucketStartMs: number): string =>
  bounded('burst', `${actor}#${bucketStartMs}`);
export const keySessionKey = (fingerprint: string): string => bounded('session', `key#${fingerprint}`);
export const arnSessionKey = (sessionArn: string): string => bounded('session', `arn#${sessionArn}`);
export const alertKey = (findingId: string, sink: string): string => bounded('alert', `${findingId}#${sink}`);

/** The kind of item a key names (keys start with it). */
export function kindOfKey(key: string): StateItemKind | undefined {
  const kind = key.slice(0, key.indexOf('#'));
  return (STATE_ITEM_KINDS as readonly string[]).includes(kind) ? (kind as StateItemKind) : undefined;
}

/** Whether an item is gone at `clockMs`. */
export const isExpired = (item: { readonly expiresAtMs: number }, clockMs: number): boolean =>
  item.expiresAtMs <= clockMs;
