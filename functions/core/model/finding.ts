import type { ActorType, CredentialEventName } from './credential-event.ts';
import type { Severity } from './severity.ts';
import type { TrustPolicyEventName } from './trust-policy-event.ts';

/**
 * Who is really behind a role session (CONTRACT §4 `actor.origin`): the principal that started the chain
 * of role sessions that ends in the actor's session.
 */
export interface ActorOrigin {
  /** The whole path a person reads, ending with the actor's role: `alice (IAM user, 111122223333) → Deploy → Admin`. */
  readonly display: string;
  /** ARNs of the principal that started the chain and of every role it went through before the actor's own. */
  readonly chain: readonly string[];
  /** Why the chain is incomplete, when it is: a loop, or more hops than are followed. */
  readonly note?: string;
}

/** A finding exactly as CONTRACT §4 describes it; every output format is rendered from this. */
export interface Finding {
  readonly id: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly title: string;
  readonly eventId?: string;
  readonly sharedEventId?: string;
  readonly eventTime?: string;
  /** A credential-issuing call, or (trust-policy-changed) the IAM call that changed the role. */
  readonly eventName: CredentialEventName | TrustPolicyEventName;
  readonly awsRegion?: string;
  readonly recipientAccountId?: string;
  readonly role?: { readonly arn: string; readonly accountId?: string };
  readonly actor: {
    readonly type: ActorType;
    readonly arn?: string;
    readonly accountId?: string;
    readonly display: string;
    /** Set by session lineage when the actor's role session was traced back to who started the chain. */
    readonly origin?: ActorOrigin;
  };
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly session: {
    readonly name?: string;
    readonly requestedSeconds?: number;
    readonly grantedSeconds?: number;
    readonly sourceIdentity?: string;
  };
  readonly evidence: { readonly expected: string; readonly actual: string; readonly note?: string };
  readonly remediation: string;
  readonly suppressed: boolean;
  /** When suppressed: who owns the suppression and why (so reports can show it). */
  readonly suppression?: { readonly owner: string; readonly reason: string; readonly expires: string };
  /** Where the record was read from (file and line/path). */
  readonly location?: string;
}
