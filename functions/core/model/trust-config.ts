import type { CredentialEvent } from './credential-event.ts';
import type { Severity } from './severity.ts';

/**
 * A compiled `trustedPrincipals` entry. The raw string is kept for evidence and reports.
 * - `account`: an account id or `arn:PARTITION:iam::ID:root` — any principal of that account (in that
 *   partition, when the root ARN names one);
 * - `role`: a role ARN pattern — sessions of that role;
 * - `principal`: a user / federated-user ARN pattern — that principal;
 * - `service`: `service:NAME` — an AWSService actor invoked by NAME;
 * - `saml`: `saml:ARN` — a SAMLUser whose request names that provider;
 * - `oidc`: `oidc:HOST` or `oidc:ARN` — a WebIdentityUser of that provider.
 */
export type PrincipalMatcher =
  | {
      readonly kind: 'account';
      readonly raw: string;
      readonly accountId: string;
      /** The partition an `arn:PARTITION:iam::ID:root` entry names literally; absent: any partition. */
      readonly partition?: string;
    }
  | { readonly kind: 'role'; readonly raw: string; readonly arnPattern: string; readonly accountId?: string }
  | {
      readonly kind: 'principal';
      readonly raw: string;
      readonly arnPattern: string;
      readonly accountId?: string;
    }
  | { readonly kind: 'service'; readonly raw: string; readonly service: string }
  | { readonly kind: 'saml'; readonly raw: string; readonly providerArnPattern: string }
  | {
      readonly kind: 'oidc';
      readonly raw: string;
      readonly providerHost: string;
      readonly providerArnPattern?: string;
    };

export interface CidrBlock {
  readonly raw: string;
  readonly family: 4 | 6;
  /** The network address as text (`203.0.113.0`, `2001:db8::`). */
  readonly network: string;
  readonly prefixLength: number;
}

/**
 * A `roles` entry as written, validated. Plain data, like the whole {@link TrustConfig}: it survives a
 * structured clone (worker threads) and JSON; the engine compiles its patterns ({@link CompiledRoleEntry}).
 *
 * Optional fields of a roles entry (and of a suppression) may hold `undefined`: entries are built with
 * every field present so that they share one object shape, which keeps the rules' reads of them fast.
 */
export interface RoleEntry {
  /** The `arn` pattern as written (`*` and `?` as in IAM ArnLike). */
  readonly arn: string;
  readonly trustedPrincipals: readonly PrincipalMatcher[];
  readonly oidcSubjects?: readonly string[] | undefined;
  readonly maxSessionSeconds?: number | undefined;
  readonly requireMfa: boolean;
  readonly requireExternalId: boolean;
  readonly requireSourceIdentity: boolean;
  /** A regular expression in RE2 syntax (checked when the file is loaded; matched in linear time). */
  readonly sessionNamePattern?: string | undefined;
  readonly sourceCidrs?: readonly CidrBlock[] | undefined;
  readonly allowChaining?: boolean | undefined;
  readonly severity?: Severity | undefined;
  /** 1-based line of the entry in the trust file, for messages. */
  readonly line?: number | undefined;
}

/**
 * How one `trustedPrincipals` entry names an actor:
 * - `match`: the actor is the principal the entry names;
 * - `account-only`: the actor is an `AWSAccount` (the role owner's copy of a cross-account call) whose
 *   account the entry names, but the principal within it could not be resolved further;
 * - `no-match`: the entry does not name the actor.
 */
export type PrincipalMatch = 'match' | 'account-only' | 'no-match';

/**
 * A roles entry with its patterns compiled, as rules see it: the entry's settings as written, plus
 * matchers compiled once per engine. The values they test come from records (attacker-controlled), so each
 * runs in time linear in the value.
 */
export interface CompiledRoleEntry extends RoleEntry {
  /** How the actor of `event` matches `trustedPrincipals`: the first `match`, else the first `account-only`. */
  readonly matchActor: (event: CredentialEvent) => {
    readonly result: PrincipalMatch;
    readonly matcher?: PrincipalMatcher;
  };
  /** Whether `trustedPrincipals` names the account or any principal in it. */
  readonly trustsAccount: (accountId: string) => boolean;
  /** Whether `sessionNamePattern` matches somewhere in the name (true when the entry sets none). */
  readonly sessionNameMatches: (name: string) => boolean;
  /**
   * Whether the address lies in one of `sourceCidrs` (true when the entry sets none); undefined when it is
   * not an IP address. An IPv4-mapped IPv6 address is compared as IPv4.
   */
  readonly sourceIpAllowed: (ip: string) => boolean | undefined;
  /** Whether a token subject matches one of `oidcSubjects` (true when the entry sets none). */
  readonly oidcSubjectExpected: (subject: string) => boolean;
}

export interface Suppression {
  readonly rule: string;
  /** Role ARN pattern (ArnLike). */
  readonly role: string;
  /** Optional actor ARN pattern (ArnLike), matched against the actor's ARN or session issuer. */
  readonly actor?: string | undefined;
  /** `YYYY-MM-DD`; the suppression applies through the end of that day (UTC). */
  readonly expires: string;
  readonly expiresMs: number;
  readonly reason: string;
  readonly owner: string;
  readonly line?: number | undefined;
}

/** A `rules:` entry: the rule's severity instead of its default, or the rule switched off. */
export interface RuleSetting {
  /** Replaces the rule's default severity; a role entry's `severity` still raises it. */
  readonly severity?: Severity | undefined;
  /** False: the engine does not run the rule (`rolewatch explain` says it is disabled in the trust file). */
  readonly enabled: boolean;
  readonly line?: number | undefined;
}

/**
 * A validated trust file (CONTRACT §2): plain data, so that it can be sent to worker threads as it is. The
 * engine compiles its patterns once when it starts.
 */
export interface TrustConfig {
  readonly version: 1;
  /** The zone of trust: accounts the team owns. */
  readonly accounts: readonly string[];
  readonly defaults: {
    readonly maxSessionSeconds: number;
    readonly unlistedRoles: 'ignore' | 'alert';
    readonly allowChaining: boolean;
  };
  readonly roles: readonly RoleEntry[];
  readonly suppressions: readonly Suppression[];
  readonly thresholds: {
    readonly deniedBurst: { readonly count: number; readonly windowMinutes: number };
    /** `first-seen-pair` forgets an (actor, role) pair unused for this long. */
    readonly firstSeen: { readonly forgetAfterDays: number };
  };
  /** The `rules:` section by rule id (built or planned); a rule not named keeps its defaults. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Where the file came from (path, s3:// URL, SSM name), for messages. */
  readonly source: string;
}

/** A problem in a trust file: always names the file, the line and the key path. */
export interface ConfigIssue {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Dotted key path, e.g. `roles[2].sourceCidrs[0]`. */
  readonly key: string;
  readonly message: string;
}
