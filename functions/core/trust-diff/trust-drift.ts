/**
 * One difference between the trust file and what IAM lets in (`rolewatch trust diff`).
 * - `untrusted-principal`: a statement lets in a principal the role's entry does not trust;
 * - `missing-condition`: a statement lets a trusted principal in without a condition the entry requires;
 * - `session-too-long`: the role's MaxSessionDuration is above the entry's `maxSessionSeconds`;
 * - `unstatable-grant`: the policy lets in more than any entry can state (`"*"`, NotPrincipal);
 * - `unreadable-policy`: the trust policy could not be read, so nothing about it is known;
 * - `unlisted-role`: an IAM role that no entry matches;
 * - `missing-role`: an entry that matches no IAM role of the accounts read;
 * - `unverified`: a part that could not be compared (a session-name glob, an unknown MaxSessionDuration).
 */
export const TRUST_DRIFT_KINDS = [
  'untrusted-principal',
  'missing-condition',
  'session-too-long',
  'unstatable-grant',
  'unreadable-policy',
  'unlisted-role',
  'missing-role',
  'unverified',
] as const;
export type TrustDriftKind = (typeof TRUST_DRIFT_KINDS)[number];

export interface TrustDrift {
  readonly kind: TrustDriftKind;
  /** True when IAM lets in more than the trust file declares: `trust diff` exits 1. */
  readonly widens: boolean;
  readonly roleArn?: string;
  /** The entry that applies (its `arn` pattern and line in the trust file). */
  readonly entry?: { readonly arn: string; readonly line?: number };
  readonly statement?: number;
  readonly sid?: string;
  /** The IAM principals concerned, in trust-file form. */
  readonly principals?: readonly string[];
  /** The trust-file key concerned (`requireMfa`, `sourceCidrs`, `maxSessionSeconds`, …). */
  readonly condition?: string;
  /** One sentence a person can act on. */
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface TrustDiffSummary {
  readonly roles: number;
  readonly entries: number;
  /** Accounts whose roles were read; entries for other accounts are not judged. */
  readonly accounts: readonly string[];
  readonly widening: number;
  readonly other: number;
  readonly byKind: Readonly<Partial<Record<TrustDriftKind, number>>>;
}

export interface TrustDiff {
  readonly drifts: readonly TrustDrift[];
  readonly summary: TrustDiffSummary;
}
