/**
 * What an IAM role trust policy (AssumeRolePolicyDocument) lets in, stated in the trust file's terms
 * (CONTRACT §2). One parser serves `trust import` (a draft), `trust diff` (declared vs IAM) and the
 * `trust-policy-changed` rule (a new policy vs the role's entry).
 */

/** The credential-issuing actions a trust policy can grant. */
export const ASSUME_ACTIONS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'] as const;
export type AssumeAction = (typeof ASSUME_ACTIONS)[number];

/**
 * A principal an Allow statement lets in. `entry` is the string a `trustedPrincipals` entry would hold
 * for it: an account id, a role / user / session ARN, `service:NAME`, `saml:ARN` or `oidc:ARN|HOST`.
 */
export type TrustPrincipal =
  | { readonly kind: 'account'; readonly entry: string; readonly accountId: string }
  | {
      readonly kind: 'role' | 'user' | 'assumed-role' | 'federated-user';
      readonly entry: string;
      readonly arn: string;
      readonly accountId: string;
    }
  | { readonly kind: 'service'; readonly entry: string; readonly service: string }
  | { readonly kind: 'saml'; readonly entry: string; readonly providerArn: string }
  | {
      readonly kind: 'oidc';
      readonly entry: string;
      /** The provider as condition keys name it (`token.actions.githubusercontent.com`). */
      readonly providerHost: string;
      readonly providerArn?: string;
    };

/**
 * The conditions of one statement that the trust file can state. A requirement is true only when the
 * statement enforces it for every request it allows; anything weaker is a note instead.
 */
export interface GrantConditions {
  /** `Bool aws:MultiFactorAuthPresent true`, or a bound on `aws:MultiFactorAuthAge`. */
  readonly requireMfa: boolean;
  /** A `sts:ExternalId` condition. Its value is never read into this model. */
  readonly requireExternalId: boolean;
  /** A `sts:SourceIdentity` condition. */
  readonly requireSourceIdentity: boolean;
  /** `IpAddress aws:SourceIp`: the allowed networks (any one), as canonical CIDR blocks (of several
   * conditions on the key: the networks inside all of them). */
  readonly sourceCidrs?: readonly string[];
  /** `sts:RoleSessionName`: the allowed names as an anchored regular expression (IAM globs translated). */
  readonly sessionNamePattern?: string;
  /**
   * The same condition: its values, and whether they are `StringLike` globs. Of several conditions on the
   * key, the values all of them allow (`StringEquals` ones escaped when they stand with `StringLike` ones);
   * values are in the 2012-10-17 language (an older policy's literal `$` is written `${$}`).
   */
  readonly sessionNames?: { readonly values: readonly string[]; readonly like: boolean };
  /** `HOST:sub` of the statement's OIDC providers: the allowed subjects (`*` as in `oidcSubjects`). */
  readonly oidcSubjects?: readonly string[];
}

/** An Allow statement that lets at least one principal assume the role. */
export interface TrustGrant {
  /** 0-based position of the statement in the policy. */
  readonly statement: number;
  readonly sid?: string;
  readonly principals: readonly TrustPrincipal[];
  readonly actions: readonly AssumeAction[];
  readonly conditions: GrantConditions;
}

export type TrustPolicyNoteKind =
  | 'deny-statement'
  | 'not-principal'
  | 'wildcard-principal'
  | 'unique-id-principal'
  | 'unrecognised-principal'
  | 'missing-principal'
  | 'unsupported-action'
  | 'unusable-grant'
  | 'not-action'
  | 'unknown-condition-key'
  | 'unknown-condition-operator'
  | 'policy-variable'
  | 'condition-partly-expressed'
  | 'malformed-statement';

/** A part of the policy the trust file cannot state: never dropped silently, never widened silently. */
export interface TrustPolicyNote {
  readonly kind: TrustPolicyNoteKind;
  readonly statement?: number;
  readonly sid?: string;
  /** One line for a person; never holds an `sts:ExternalId` value. */
  readonly message: string;
  /**
   * True when IAM may let in more than the grants show (a `"*"` principal, `NotPrincipal` in an Allow):
   * no trust file can declare it, so `trust diff` counts it as IAM allowing more than declared.
   * False when IAM lets in less than the grants show (a Deny, a condition the file cannot state).
   */
  readonly widens: boolean;
  /** `info` for narrowings that are expected and harmless to leave out (an OIDC `aud` pin). */
  readonly level: 'warning' | 'info';
}

export interface TrustPolicy {
  /** Allow statements that let principals assume the role, in policy order. */
  readonly grants: readonly TrustGrant[];
  /** Everything the trust-file model cannot express, in policy order. */
  readonly notes: readonly TrustPolicyNote[];
}
