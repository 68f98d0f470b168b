import { compileArnLike } from '../arn/arn-like.ts';
import { ArnLikeTable } from '../arn/arn-like-table.ts';
import { splitArn } from '../arn/parse-arn.ts';
import { compileWildcard } from '../arn/wildcard.ts';
import type { CompiledRoleEntry, RoleEntry, Suppression, TrustConfig } from '../model/trust-config.ts';
import { compileCidrs } from './cidr.ts';
import { compileTrustedPrincipals, compileTrustsAccount } from './match-principal.ts';
import { compileSessionNamePattern } from './session-name-pattern.ts';

/** What a finding is suppressed by: its rule, its role (if any), and the actor's ARNs. */
export interface SuppressionQuery {
  readonly rule: string;
  readonly roleArn?: string;
  /** The actor's ARN and its session issuer, when known. */
  readonly actorArns: readonly string[];
}

/** A trust file with every pattern compiled, owned by one engine. */
export interface CompiledTrust {
  readonly config: TrustConfig;
  /** The first `roles` entry whose `arn` matches (order in the file decides). */
  roleEntry(roleArn: string): CompiledRoleEntry | undefined;
  /**
   * The first active suppression of a finding: same rule, role pattern matching the role, and (when the
   * suppression names an actor) an actor pattern matching one of the actor's ARNs. A suppression applies
   * through the end of its `expires` day (UTC).
   */
  suppression(query: SuppressionQuery, nowMs: number): Suppression | undefined;
}

const always = (): true => true;

function compileRoleEntry(entry: RoleEntry): CompiledRoleEntry {
  const subjects = entry.oidcSubjects?.map((s) => compileWildcard(s, { questionMark: false }));
  // Every field present, in one order: one object shape for all entries (see RoleEntry).
  return {
    ...entry,
    matchActor: compileTrustedPrincipals(entry.trustedPrincipals),
    trustsAccount: compileTrustsAccount(entry.trustedPrincipals),
    sessionNameMatches:
      entry.sessionNamePattern === undefined ? always : compileSessionNamePattern(entry.sessionNamePattern),
    sourceIpAllowed: entry.sourceCidrs === undefined ? always : compileCidrs(entry.sourceCidrs),
    oidcSubjectExpected: subjects === undefined ? always : (subject) => subjects.some((m) => m(subject)),
  };
}

/** A role pattern whose account and resource are both `*` also covers findings that have no role. */
function coversRoleless(rolePattern: string): boolean {
  const parts = splitArn(rolePattern);
  return parts !== undefined && parts[4] === '*' && parts[5] === '*';
}

function compileSuppression(s: Suppression) {
  const role = compileArnLike(s.role);
  const roleless = coversRoleless(s.role);
  const actor = s.actor === undefined ? undefined : compileArnLike(s.actor);
  return (q: SuppressionQuery, nowMs: number): boolean => {
    if (s.rule !== q.rule || nowMs > s.expiresMs) return false;
    if (!(q.roleArn === undefined ? roleless : role(q.roleArn))) return false;
    return actor === undefined || q.actorArns.some(actor);
  };
}

/**
 * Compiles a validated trust file: ArnLike patterns, principal matchers, CIDR blocks (`node:net`
 * BlockList), session-name patterns (RE2) and OIDC subjects, each once. The result belongs to one engine,
 * and so does its cache of role ARN → entry.
 *
 * @example
 * const trust = compileTrust(config);
 * trust.roleEntry('arn:aws:iam::444455556666:role/Deploy')?.requireMfa;
 */
export function compileTrust(config: TrustConfig): CompiledTrust {
  const entries = new ArnLikeTable(config.roles.map((r) => [r.arn, compileRoleEntry(r)] as const));
  const suppressions = config.suppressions.map((s) => ({ s, applies: compileSuppression(s) }));
  return {
    config,
    roleEntry: (roleArn) => entries.first(roleArn),
    suppression: (query, nowMs) => suppressions.find(({ applies }) => applies(query, nowMs))?.s,
  };
}
