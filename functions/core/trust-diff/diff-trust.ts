import { compileArnLike as arnLike } from '../arn/arn-like.ts';
import { splitArn } from '../arn/parse-arn.ts';
import type { IamRole } from '../iam-roles/iam-role.ts';
import type { Result } from '../model/result.ts';
import type { RoleEntry, TrustConfig } from '../model/trust-config.ts';
import { formatTrustPolicyNote, parseTrustPolicy } from '../trust-policy/parse-trust-policy.ts';
import type { TrustGrant, TrustPolicy } from '../trust-policy/trust-policy.ts';
import { conditionGaps } from './condition-coverage.ts';
import { coveringMatcher } from './principal-coverage.ts';
import type { TrustDiff, TrustDrift, TrustDriftKind } from './trust-drift.ts';

const roleName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
const statementLabel = (g: { statement: number; sid?: string | undefined }): string =>
  `Statement[${g.statement}]${g.sid === undefined ? '' : ` (Sid "${g.sid}")`}`;
const entryRef = (e: RoleEntry) => ({ arn: e.arn, ...(e.line === undefined ? {} : { line: e.line }) });
const at = (g: TrustGrant) => ({ statement: g.statement, ...(g.sid === undefined ? {} : { sid: g.sid }) });

function grantDrifts(roleArn: string, entry: RoleEntry, grant: TrustGrant): TrustDrift[] {
  const drifts: TrustDrift[] = [];
  const gaps = new Map<string, { widens: boolean; expected: string; actual: string; principals: string[] }>();
  for (const p of grant.principals) {
    if (coveringMatcher(entry, p, roleArn) === undefined) {
      drifts.push({
        kind: 'untrusted-principal',
        widens: true,
        roleArn: roleArn,
        entry: entryRef(entry),
        ...at(grant),
        principals: [p.entry],
        message: `IAM lets ${p.entry} assume ${roleName(roleArn)} (${statementLabel(grant)}); the entry does not trust it.`,
        expected: `one of: ${entry.trustedPrincipals.map((m) => m.raw).join(', ')}`,
        actual: p.entry,
      });
      continue;
    }
    for (const gap of conditionGaps(entry, grant.conditions, p)) {
      const key = `${gap.condition}\u0000${gap.actual}`;
      const seen = gaps.get(key);
      if (seen === undefined) gaps.set(key, { ...gap, principals: [p.entry] });
      else seen.principals.push(p.entry);
    }
  }
  for (const [key, gap] of gaps) {
    const condition = key.slice(0, key.indexOf('\u0000'));
    drifts.push({
      kind: gap.widens ? 'missing-condition' : 'unverified',
      widens: gap.widens,
      roleArn: roleArn,
      entry: entryRef(entry),
      ...at(grant),
      principals: gap.principals,
      condition,
      message: gap.widens
        ? `IAM lets ${gap.principals.join(', ')} assume ${roleName(roleArn)} without the ${condition} the entry requires (${statementLabel(grant)}).`
        : `Whether ${statementLabel(grant)} of ${roleName(roleArn)} keeps to the entry's ${condition} could not be checked.`,
      expected: gap.expected,
      actual: gap.actual,
    });
  }
  return drifts;
}

/**
 * What a trust policy lets in beyond the role's entry: principals the entry does not trust, conditions
 * it requires that a statement does not enforce, what no entry can state (`"*"`, NotPrincipal), or an
 * unreadable policy. Drifts in policy order. One comparison for `trust diff` (IAM today) and the
 * `trust-policy-changed` rule (a new policy in CloudTrail).
 */
export function policyDrifts(
  roleArn: string,
  policy: Result<TrustPolicy, string>,
  entry: RoleEntry,
): TrustDrift[] {
  if (!policy.ok) {
    return [
      {
        kind: 'unreadable-policy',
        widens: true,
        roleArn,
        entry: entryRef(entry),
        message: `The trust policy of ${roleName(roleArn)} could not be read (${policy.error}); it may let in anyone.`,
      },
    ];
  }
  const drifts = policy.value.grants.flatMap((g) => grantDrifts(roleArn, entry, g));
  for (const note of policy.value.notes.filter((n) => n.widens)) {
    drifts.push({
      kind: 'unstatable-grant',
      widens: true,
      roleArn,
      entry: entryRef(entry),
      ...(note.statement === undefined ? {} : { statement: note.statement }),
      ...(note.sid === undefined ? {} : { sid: note.sid }),
      message: `${roleName(roleArn)}: ${formatTrustPolicyNote(note)}.`,
    });
  }
  return drifts;
}

/** A MaxSessionDuration above the entry's `maxSessionSeconds` (or, without an entry or one, the defaults'). */
export function sessionDrift(
  roleArn: string,
  maxSessionSeconds: number,
  entry: RoleEntry | undefined,
  config: TrustConfig,
): TrustDrift | undefined {
  const limit = entry?.maxSessionSeconds ?? config.defaults.maxSessionSeconds;
  if (maxSessionSeconds <= limit) return undefined;
  const from = entry?.maxSessionSeconds === undefined ? 'defaults.maxSessionSeconds' : 'maxSessionSeconds';
  return {
    kind: 'session-too-long',
    widens: true,
    roleArn,
    ...(entry === undefined ? {} : { entry: entryRef(entry) }),
    condition: 'maxSessionSeconds',
    message: `${roleName(roleArn)} allows sessions of ${maxSessionSeconds} s; the trust file allows ${limit} s (${from}).`,
    expected: `MaxSessionDuration ≤ ${limit}`,
    actual: `MaxSessionDuration ${maxSessionSeconds}`,
  };
}

function roleDrifts(role: IamRole, entry: RoleEntry, config: TrustConfig): TrustDrift[] {
  const drifts = policyDrifts(role.arn, parseTrustPolicy(role.assumeRolePolicyDocument), entry);
  if (role.maxSessionSeconds === undefined) {
    const limit = entry.maxSessionSeconds ?? config.defaults.maxSessionSeconds;
    const from = entry.maxSessionSeconds === undefined ? 'defaults.maxSessionSeconds' : 'maxSessionSeconds';
    drifts.push({
      kind: 'unverified',
      widens: false,
      roleArn: role.arn,
      entry: entryRef(entry),
      condition: 'maxSessionSeconds',
      message: `The MaxSessionDuration of ${roleName(role.arn)} is not in the saved output; ${from} ${limit} could not be checked.`,
    });
  } else {
    const drift = sessionDrift(role.arn, role.maxSessionSeconds, entry, config);
    if (drift !== undefined) drifts.push(drift);
  }
  return drifts;
}

/** An entry whose account part could name one of the accounts read (others are not judged). */
function entryConcernsAccounts(entry: RoleEntry, accounts: readonly string[]): boolean {
  const parts = splitArn(entry.arn);
  if (parts === undefined || parts[5] === 'root') return false;
  const accountPattern = parts[4] ?? '';
  return accounts.some((a) => arnLike(`arn:*:iam::${accountPattern}:*`)(`arn:aws:iam::${a}:role/x`));
}

function summarise(
  drifts: readonly TrustDrift[],
  roles: number,
  entries: number,
  accounts: readonly string[],
): TrustDiff['summary'] {
  const byKind: Partial<Record<TrustDriftKind, number>> = {};
  for (const d of drifts) byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
  const widening = drifts.filter((d) => d.widens).length;
  return { roles, entries, accounts, widening, other: drifts.length - widening, byKind };
}

/**
 * Declared trust (the trust file) against what IAM lets in (the roles' trust policies): every principal
 * a statement lets in that the role's entry does not trust, every condition the entry requires that a
 * statement does not enforce, a MaxSessionDuration above `maxSessionSeconds`, what no entry can state
 * (`"*"`, NotPrincipal), roles without an entry (widening when `unlistedRoles: alert`) and entries that
 * match no role of the accounts read. Roles in the order given; drifts within a role in policy order.
 */
export function diffTrust(config: TrustConfig, roles: readonly IamRole[]): TrustDiff {
  const drifts: TrustDrift[] = [];
  const matched = new Set<RoleEntry>();
  const sortedRoles = [...roles].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  for (const role of sortedRoles) {
    const entry = config.roles.find((e) => arnLike(e.arn)(role.arn));
    if (entry === undefined) {
      const alert = config.defaults.unlistedRoles === 'alert';
      drifts.push({
        kind: 'unlisted-role',
        widens: alert,
        roleArn: role.arn,
        message:
          `No entry matches ${role.arn}` +
          (alert ? '; with unlistedRoles: alert every call on it is reported.' : ' (unlistedRoles: ignore).'),
      });
      continue;
    }
    matched.add(entry);
    drifts.push(...roleDrifts(role, entry, config));
  }
  const accounts = [...new Set(roles.map((r) => r.accountId))].sort();
  for (const entry of config.roles) {
    // An entry that matches roles only shadowed by earlier entries is not stale (validate reports shadowing).
    if (matched.has(entry) || !entryConcernsAccounts(entry, accounts)) continue;
    if (roles.some((r) => arnLike(entry.arn)(r.arn))) continue;
    drifts.push({
      kind: 'missing-role',
      widens: false,
      entry: entryRef(entry),
      message: `The entry ${entry.arn}${entry.line === undefined ? '' : ` (line ${entry.line})`} matches no IAM role of the accounts read: remove it, or fix its ARN.`,
    });
  }
  return { drifts, summary: summarise(drifts, roles.length, config.roles.length, accounts) };
}
