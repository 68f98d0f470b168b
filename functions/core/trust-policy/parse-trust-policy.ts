import { err, ok, type Result } from '../model/result.ts';
import { decodePolicyDocument } from './decode-policy-document.ts';
import { MAX_RELATION_WORK } from './iam-value-intersection.ts';
import { parseActions } from './policy-actions.ts';
import { parseConditions } from './policy-conditions.ts';
import { describePrincipalElement, parsePrincipals } from './policy-principals.ts';
import { addNote, type PolicyContext, quote, type StatementContext } from './statement-context.ts';
import type {
  AssumeAction,
  TrustGrant,
  TrustPolicy,
  TrustPolicyNote,
  TrustPrincipal,
} from './trust-policy.ts';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function conditionKeys(condition: unknown): string[] {
  if (!isRecord(condition)) return [];
  const keys = Object.values(condition).flatMap((block) => (isRecord(block) ? Object.keys(block) : []));
  return [...new Set(keys)];
}

function readStatement(statement: unknown, index: number, policy: PolicyContext): TrustGrant | undefined {
  if (!isRecord(statement)) {
    addNote(
      { statement: index, ...policy },
      'malformed-statement',
      'the statement is not a mapping; it is not read',
    );
    return undefined;
  }
  const sid = typeof statement.Sid === 'string' ? statement.Sid : undefined;
  const ctx: StatementContext = {
    statement: index,
    ...policy,
    ...(sid === undefined ? {} : { sid }),
  };
  const keys = conditionKeys(statement.Condition);
  const when = keys.length === 0 ? '' : ` when ${keys.join(', ')} match`;
  const target = statement.Principal ?? statement.NotPrincipal;
  if (statement.Effect === 'Deny') {
    addNote(
      ctx,
      'deny-statement',
      `a Deny for ${describePrincipalElement(target)}${when}: the trust file has no deny, so the entry ` +
        'shows more than IAM lets in',
    );
    return undefined;
  }
  if (statement.Effect !== 'Allow') {
    addNote(
      ctx,
      'malformed-statement',
      `Effect ${quote(String(statement.Effect))} is neither Allow nor Deny`,
    );
    return undefined;
  }
  if (statement.NotPrincipal !== undefined) {
    addNote(
      ctx,
      'not-principal',
      `an Allow with NotPrincipal ${describePrincipalElement(statement.NotPrincipal)} lets in every other ` +
        `principal${when}; a trust file cannot state "everyone but"`,
      { widens: true },
    );
    return undefined;
  }
  const actions = parseActions(statement, ctx);
  if (actions.length === 0) return undefined;
  if (statement.Principal === undefined) {
    addNote(ctx, 'missing-principal', 'an Allow without Principal lets nobody assume the role');
    return undefined;
  }
  const named = parsePrincipals(statement.Principal, ctx, { conditionKeys: keys });
  // A principal is let in only by the call it can make: SAML providers by AssumeRoleWithSAML, OIDC
  // providers by AssumeRoleWithWebIdentity, AWS principals and services by AssumeRole.
  const principals = named.filter((p) => actions.includes(callOf(p)));
  const unusable = named.filter((p) => !principals.includes(p));
  if (unusable.length > 0) {
    addNote(
      ctx,
      'unusable-grant',
      `${unusable.map((p) => quote(p.entry)).join(', ')} cannot call ${actions.map((a) => `sts:${a}`).join(', ')} ` +
        `(${unusable.map((p) => `${p.entry} needs sts:${callOf(p)}`).join('; ')}): not let in by this statement`,
    );
  }
  if (principals.length === 0) return undefined;
  const { conditions, refusal } = parseConditions(statement.Condition, principals, ctx);
  if (refusal !== undefined) {
    addNote(
      ctx,
      'unusable-grant',
      `${refusal}: ${principals.map((p) => quote(p.entry)).join(', ')} ${principals.length === 1 ? 'is' : 'are'} ` +
        'not let in by this statement',
    );
    return undefined;
  }
  return { statement: index, ...(sid === undefined ? {} : { sid }), principals, actions, conditions };
}

/**
 * Policy variables (and the `${*}` escapes) exist only in the 2012-10-17 policy language; in 2008-10-17,
 * the default when Version is missing, `${aws:username}` is literal text. IAM refuses other versions:
 * one that slips through is read as 2012-10-17, where a variable is a note rather than a literal that
 * would state less than IAM lets in.
 */
function readsPolicyVariables(version: unknown, notes: TrustPolicyNote[]): boolean {
  if (version === undefined || version === '2008-10-17') return false;
  if (version !== '2012-10-17') {
    notes.push({
      kind: 'malformed-statement',
      message: `Version ${quote(String(version))} is neither 2012-10-17 nor 2008-10-17; read as 2012-10-17`,
      widens: false,
      level: 'warning',
    });
  }
  return true;
}

/** The one call through which a principal of this kind assumes a role. */
const callOf = (p: TrustPrincipal): AssumeAction =>
  p.kind === 'saml' ? 'AssumeRoleWithSAML' : p.kind === 'oidc' ? 'AssumeRoleWithWebIdentity' : 'AssumeRole';

/**
 * Reads a role trust policy (AssumeRolePolicyDocument: JSON text, URL-encoded JSON text as the IAM API
 * returns it, or the parsed object) into the principals each Allow statement lets in and the conditions
 * it puts on them, in the trust file's terms. Whatever the trust file cannot state (Deny, NotPrincipal,
 * `"*"`, unique ids of deleted principals, unknown condition keys or operators, other actions) is a note,
 * never dropped and never widened silently. An `sts:ExternalId` value is never read into the result.
 * Fails only when the document is not a policy at all.
 *
 * @example
 * const r = parseTrustPolicy(role.AssumeRolePolicyDocument);
 * if (r.ok) for (const g of r.value.grants) console.log(g.principals.map((p) => p.entry), g.conditions);
 */
export function parseTrustPolicy(document: unknown): Result<TrustPolicy, string> {
  const decoded = decodePolicyDocument(document);
  if (!decoded.ok) return decoded;
  const raw = decoded.value.Statement;
  if (raw === undefined) return err('the policy has no Statement');
  const statements = Array.isArray(raw) ? raw : [raw];
  const notes: TrustPolicyNote[] = [];
  const grants: TrustGrant[] = [];
  const policy: PolicyContext = {
    notes,
    policyVariables: readsPolicyVariables(decoded.value.Version, notes),
    relations: { left: MAX_RELATION_WORK },
  };
  statements.forEach((s, i) => {
    const grant = readStatement(s, i, policy);
    if (grant !== undefined) grants.push(grant);
  });
  return ok({ grants, notes });
}

/** `Statement[1] (Sid "DenyOld"): message`: a note on one line. */
export function formatTrustPolicyNote(note: TrustPolicyNote): string {
  if (note.statement === undefined) return note.message;
  const sid = note.sid === undefined ? '' : ` (Sid ${quote(note.sid, 40)})`;
  return `Statement[${note.statement}]${sid}: ${note.message}`;
}
