import type { TrustPolicy } from '../trust-policy/trust-policy.ts';
import type { Actor, RecordFields, TargetRole } from './credential-event.ts';
import type { SourceLocation } from './location.ts';
import type { Result } from './result.ts';

/** The IAM calls that set or change a role's trust: the only IAM records rolewatch judges (CONTRACT §1). */
export const TRUST_POLICY_EVENT_NAMES = ['CreateRole', 'UpdateAssumeRolePolicy', 'UpdateRole'] as const;
export type TrustPolicyEventName = (typeof TRUST_POLICY_EVENT_NAMES)[number];

/**
 * One IAM call that sets a role's trust policy or its maximum session duration, normalised from any
 * CloudTrail variant (the `trust-policy-changed` rule judges it; CONTRACT §3). Like a
 * {@link CredentialEvent} it is plain data, fields a record lacks are left out and listed in `gaps`.
 */
export interface TrustPolicyEvent extends RecordFields {
  /** Tells it from a {@link CredentialEvent} (which has no `kind`). */
  readonly kind: 'trust-policy';
  readonly eventName: TrustPolicyEventName;
  /**
   * The role created or changed. CreateRole names it with its path (`responseElements.role.arn`, or
   * `path` and `roleName`); the update calls give only `roleName`, so their ARN has no path and `pathKnown`
   * is false.
   */
  readonly role?:
    | (TargetRole & {
        readonly pathKnown: boolean;
        /**
         * The path (and so `arn`) was taken from a `roles` entry naming this role exactly, not from the
         * record ({@link withRolePath}).
         */
        readonly pathFromTrustFile?: true;
      })
    | undefined;
  /** Who made the change. */
  readonly actor: Actor;
  readonly sourceIp?: string | undefined;
  readonly sourceIpIsService: boolean;
  readonly userAgent?: string | undefined;
  /**
   * The new trust policy (`requestParameters.assumeRolePolicyDocument` of CreateRole, `policyDocument` of
   * UpdateAssumeRolePolicy: JSON text, URL-encoded JSON text or an object), read with the one trust-policy
   * parser: no `sts:ExternalId` value is kept. An error when the document cannot be read; undefined for
   * UpdateRole, which does not change it, and when the record omits it.
   */
  readonly policy?: Result<TrustPolicy, string> | undefined;
  /**
   * The new maximum session duration: UpdateRole's `maxSessionDuration`, CreateRole's (3600, IAM's
   * default, when the request omits it). Undefined when the call does not change it.
   */
  readonly maxSessionSeconds?: number | undefined;
  /** True when `maxSessionSeconds` is IAM's default rather than a value in the record. */
  readonly maxSessionSecondsDefaulted: boolean;
  readonly gaps: readonly string[];
  readonly location: SourceLocation;
}

/** Whether a normalised event is an IAM trust-policy change (else it is a credential-issuing call). */
export const isTrustPolicyEvent = (event: { readonly eventName: string }): event is TrustPolicyEvent =>
  (event as { kind?: string }).kind === 'trust-policy';
