import type { ActorType, CredentialEventName } from './credential-event.ts';
import type { Severity } from './severity.ts';
import type { TrustPolicyEventName } from './trust-policy-event.ts';

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
