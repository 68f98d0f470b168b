import {
  asStringLike,
  hasPolicyVariable,
  type IamValue,
  iamValuesToRegex,
  iamValueToSubject,
  literalText,
} from './iam-glob.ts';
import { intersectIamValues } from './iam-value-intersection.ts';
import { canonicalCidr, intersectCidrs } from './policy-cidr.ts';
import { addNote, quote, type StatementContext, stringList } from './statement-context.ts';
import type { GrantConditions, TrustPrincipal } from './trust-policy.ts';
import {
  allAre,
  type Condition,
  describe,
  isPlain,
  STRING_MATCH,
  splitOperator,
  unsupportedOperator,
} from './written-condition.ts';

/** A string value of a condition, in the 2012-10-17 language, and the condition it comes from. */
interface HeldValue extends IamValue {
  /** The value as the policy writes it. */
  readonly written: string;
  readonly from: Condition;
}

/** What the conditions on one key read so far all allow, and those conditions. */
interface Narrowed<T> {
  readonly values: T[];
  readonly from: Condition[];
}

/**
 * What the trust file can state, collected while the statement's conditions are read. Conditions on one
 * key are all required (IAM ANDs them, whatever their operator block or the spelling of the key), so a
 * second one narrows what the first let in: each list holds what all conditions read so far allow.
 */
interface Collected {
  requireMfa: boolean;
  requireExternalId: boolean;
  requireSourceIdentity: boolean;
  sourceCidrs?: Narrowed<string>;
  sessionNames?: Narrowed<HeldValue>;
  /** Subjects by OIDC provider host (lower case). */
  readonly subjects: Map<string, Narrowed<HeldValue>>;
  /** Why no request passes the conditions: the statement lets nobody in. */
  refusal?: string;
}

/** What a statement's conditions let in, or why they let nobody in. */
export interface ParsedConditions {
  readonly conditions: GrantConditions;
  /** Set when no request passes the conditions (an IP condition without a usable value, say). */
  readonly refusal?: string;
}

function externalId(ctx: StatementContext, c: Condition, out: Collected): void {
  const op = c.op;
  if (isPlain(op) && (STRING_MATCH.has(op.base) || op.base === 'StringEqualsIgnoreCase')) {
    out.requireExternalId = true;
  } else if (isPlain(op) && op.base === 'Null' && allAre(c.values, 'false')) {
    out.requireExternalId = true;
  } else unsupportedOperator(ctx, c, 'requiring an ExternalId');
}

function mfaPresent(ctx: StatementContext, c: Condition, out: Collected): void {
  if (isPlain(c.op) && c.op.base === 'Bool' && allAre(c.values, 'true')) out.requireMfa = true;
  else if (c.op.raw === 'BoolIfExists' && allAre(c.values, 'true')) {
    addNote(
      ctx,
      'unknown-condition-operator',
      `${describe(c)}: callers signing with long-term access keys carry no such key and get in without MFA, ` +
        'so requireMfa is not set',
    );
  } else unsupportedOperator(ctx, c, 'requiring MFA');
}

function mfaAge(ctx: StatementContext, c: Condition, out: Collected): void {
  const bound = isPlain(c.op) && (c.op.base === 'NumericLessThan' || c.op.base === 'NumericLessThanEquals');
  if (bound || (isPlain(c.op) && c.op.base === 'Null' && allAre(c.values, 'false'))) {
    out.requireMfa = true;
    if (bound) {
      addNote(
        ctx,
        'condition-partly-expressed',
        `${describe(c)}: stated as requireMfa; the trust file does not bound the age of the MFA sign-in`,
        { level: 'info' },
      );
    }
  } else unsupportedOperator(ctx, c, 'requiring MFA');
}

function sourceIp(ctx: StatementContext, c: Condition, out: Collected): void {
  if (!isPlain(c.op) || c.op.base !== 'IpAddress') {
    unsupportedOperator(ctx, c, 'sourceCidrs');
    return;
  }
  const cidrs: string[] = [];
  for (const v of c.values) {
    const cidr = canonicalCidr(v);
    if (cidr === undefined) {
      addNote(
        ctx,
        'malformed-statement',
        `aws:SourceIp value ${quote(v)} is not an IP address or CIDR block`,
      );
    } else cidrs.push(cidr);
  }
  if (cidrs.length === 0) {
    // No address matches a value that is not one: IAM lets no request through this condition.
    out.refusal ??= `${describe(c)} holds no IP address or CIDR block, so no request matches it`;
    return;
  }
  const unique = [...new Set(cidrs)];
  if (out.sourceCidrs === undefined) {
    out.sourceCidrs = { values: unique, from: [c] };
    return;
  }
  const from = [...out.sourceCidrs.from, c];
  const common = intersectCidrs(out.sourceCidrs.values, unique);
  if (common.length === 0) out.refusal ??= `${conjunction(from)}: no address is in all of them`;
  out.sourceCidrs = { values: common, from };
}

/**
 * How many conditions on one key, and how many common values, a note names. Every further condition on
 * the key narrows again and writes a note naming those before it: unbounded, a forged policy of 2,000
 * spellings of `sts:RoleSessionName` wrote 72 MB of notes (0.7 s) from 58 KB.
 */
const LISTED_CONDITIONS = 4;
const LISTED_VALUES = 20;

/** Conditions on one key, all required, for a message. */
const conjunction = (cs: readonly Condition[]): string => {
  const more = cs.length > LISTED_CONDITIONS ? ` and ${cs.length - LISTED_CONDITIONS} more` : '';
  return `${cs.slice(0, LISTED_CONDITIONS).map(describe).join(' and ')}${more} are all required`;
};

/** Values of a narrowed list, for a message. */
const listed = (values: readonly HeldValue[]): string =>
  values
    .slice(0, LISTED_VALUES)
    .map((v) => quote(v.written))
    .join(', ') + (values.length > LISTED_VALUES ? `, … (${values.length} values)` : '');

/**
 * The values of a string condition in the 2012-10-17 language: in a policy without policy variables
 * (Version 2008-10-17, or none) `${…}` is literal text.
 */
function heldValues(ctx: StatementContext, c: Condition): HeldValue[] {
  const like = c.op.base === 'StringLike';
  return c.values.map((v) => ({
    value: ctx.policyVariables ? v : literalText(v),
    like,
    written: v,
    from: c,
  }));
}

/**
 * Narrows what earlier conditions on one key allow (`held`) to what `c` allows as well. When the common
 * values cannot be written exactly, the result matches more than IAM lets in, and a note says so.
 */
function narrow(
  ctx: StatementContext,
  held: Narrowed<HeldValue> | undefined,
  c: Condition,
  values: HeldValue[],
  what: string,
  out: Collected,
): Narrowed<HeldValue> {
  if (held === undefined) return { values, from: [c] };
  const { values: common, exact } = intersectIamValues(held.values, values, ctx.relations);
  const from = [...held.from, c];
  if (common.length === 0 && exact) out.refusal ??= `${conjunction(from)}: no value matches all of them`;
  else if (!exact) {
    addNote(
      ctx,
      'condition-partly-expressed',
      `${conjunction(from)}; ${what} cannot state only the values they have in common, so it shows ` +
        `${listed(common)}, which IAM narrows further`,
    );
  }
  return { values: common, from };
}

function sessionName(ctx: StatementContext, c: Condition, out: Collected): void {
  if (!isPlain(c.op) || !STRING_MATCH.has(c.op.base)) {
    unsupportedOperator(ctx, c, 'a sessionNamePattern');
    return;
  }
  const values = heldValues(ctx, c);
  if (values.some((v) => hasPolicyVariable(v.value))) {
    addNote(
      ctx,
      'policy-variable',
      `${describe(c)}: a policy variable depends on the caller; no sessionNamePattern can state it`,
    );
    return;
  }
  out.sessionNames = narrow(ctx, out.sessionNames, c, values, 'sessionNamePattern', out);
}

function sourceIdentity(ctx: StatementContext, c: Condition, out: Collected): void {
  const match = isPlain(c.op) && STRING_MATCH.has(c.op.base);
  if (!match && !(isPlain(c.op) && c.op.base === 'Null' && allAre(c.values, 'false'))) {
    unsupportedOperator(ctx, c, 'requiring a source identity');
    return;
  }
  out.requireSourceIdentity = true;
  const anyValue = c.op.base === 'Null' || (c.op.base === 'StringLike' && c.values.every((v) => v === '*'));
  if (!anyValue) {
    addNote(
      ctx,
      'condition-partly-expressed',
      `${describe(c)}: stated as requireSourceIdentity; the trust file does not pin its value`,
      { level: 'info' },
    );
  }
}

function oidcSubject(ctx: StatementContext, c: Condition, host: string, out: Collected): void {
  if (!isPlain(c.op) || !STRING_MATCH.has(c.op.base)) {
    unsupportedOperator(ctx, c, 'oidcSubjects');
    return;
  }
  const values = heldValues(ctx, c);
  if (values.some((v) => hasPolicyVariable(v.value))) {
    addNote(ctx, 'policy-variable', `${describe(c)}: a policy variable depends on the caller; not stated`);
    return;
  }
  out.subjects.set(host, narrow(ctx, out.subjects.get(host), c, values, 'oidcSubjects', out));
}

type Handler = (ctx: StatementContext, c: Condition, out: Collected) => void;

const info = (ctx: StatementContext, c: Condition, what: string): void =>
  addNote(ctx, 'condition-partly-expressed', `${describe(c)}: ${what} is not judged`, { level: 'info' });

/** The condition keys the trust file can state (lower case: IAM condition keys are case-insensitive). */
const HANDLERS: Readonly<Record<string, Handler>> = {
  'sts:externalid': externalId,
  'aws:multifactorauthpresent': mfaPresent,
  'aws:multifactorauthage': mfaAge,
  'aws:sourceip': sourceIp,
  'sts:rolesessionname': sessionName,
  'sts:sourceidentity': sourceIdentity,
  'saml:aud': (ctx, c) => info(ctx, c, 'the SAML audience'),
};

/** Reads one condition into `out`, or into a note when the trust file cannot state it. */
function readCondition(
  ctx: StatementContext,
  c: Condition,
  oidcHosts: ReadonlySet<string>,
  out: Collected,
): void {
  const key = c.key.toLowerCase();
  const handler = HANDLERS[key];
  if (handler !== undefined) {
    handler(ctx, c, out);
    return;
  }
  // Web identity keys are named by the provider: `token.actions.githubusercontent.com:sub`.
  const colon = key.lastIndexOf(':');
  const host = key.slice(0, colon);
  const claim = key.slice(colon + 1);
  if (colon > 0 && oidcHosts.has(host) && claim === 'sub') oidcSubject(ctx, c, host, out);
  else if (colon > 0 && oidcHosts.has(host) && claim === 'aud') info(ctx, c, 'the token audience');
  else {
    addNote(
      ctx,
      'unknown-condition-key',
      `${describe(c)}: a condition the trust file cannot state; IAM lets in fewer requests than the entry shows`,
    );
  }
}

/**
 * The conditions of one Allow statement, in the trust file's terms. What cannot be stated becomes a note;
 * requirements are set only where the statement enforces them for every request.
 */
export function parseConditions(
  condition: unknown,
  principals: readonly TrustPrincipal[],
  ctx: StatementContext,
): ParsedConditions {
  const oidcHosts = new Set(
    principals.flatMap((p) => (p.kind === 'oidc' ? [p.providerHost.toLowerCase()] : [])),
  );
  const out: Collected = {
    requireMfa: false,
    requireExternalId: false,
    requireSourceIdentity: false,
    subjects: new Map(),
  };
  if (condition !== undefined) {
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
      addNote(ctx, 'malformed-statement', 'Condition is not a mapping of operators; it is not read');
    } else {
      for (const [op, block] of Object.entries(condition)) {
        if (typeof block !== 'object' || block === null || Array.isArray(block)) {
          addNote(
            ctx,
            'malformed-statement',
            `Condition ${quote(op)} is not a mapping of keys; it is not read`,
          );
          continue;
        }
        for (const [key, raw] of Object.entries(block)) {
          const { values, invalid } = stringList(raw);
          if (invalid)
            addNote(ctx, 'malformed-statement', `Condition ${op} ${key} holds a value that is not a string`);
          readCondition(ctx, { op: splitOperator(op), key, values }, oidcHosts, out);
        }
      }
    }
  }
  const conditions = { ...requirements(out), ...oidcSubjects(out, oidcHosts, ctx) };
  return out.refusal === undefined ? { conditions } : { conditions, refusal: out.refusal };
}

function requirements(out: Collected): GrantConditions {
  return {
    requireMfa: out.requireMfa,
    requireExternalId: out.requireExternalId,
    requireSourceIdentity: out.requireSourceIdentity,
    ...(out.sourceCidrs === undefined ? {} : { sourceCidrs: out.sourceCidrs.values }),
    ...(out.sessionNames === undefined || out.sessionNames.values.length === 0
      ? {}
      : sessionNames(out.sessionNames.values)),
  };
}

/** Session-name values of both operators stand in one list as `StringLike` values. */
function sessionNames(
  held: readonly HeldValue[],
): Pick<GrantConditions, 'sessionNamePattern' | 'sessionNames'> {
  const like = held.some((v) => v.like);
  const values = held.map((v) => (like ? asStringLike(v) : v.value));
  return { sessionNamePattern: iamValuesToRegex(values, like), sessionNames: { values, like } };
}

/** Subjects are stated only when every OIDC provider of the statement pins them. */
function oidcSubjects(
  out: Collected,
  oidcHosts: ReadonlySet<string>,
  ctx: StatementContext,
): { oidcSubjects?: readonly string[] } {
  if (out.subjects.size === 0) return {};
  const unpinned = [...oidcHosts].filter((h) => !out.subjects.has(h));
  if (unpinned.length > 0) {
    addNote(
      ctx,
      'condition-partly-expressed',
      `the subjects of ${[...out.subjects.keys()].join(', ')} are pinned but not those of ${unpinned.join(', ')}; ` +
        'oidcSubjects applies to every provider of the entry, so it is left out',
    );
    return {};
  }
  const subjects = [...out.subjects.values()].flatMap((held) =>
    held.values.map((v) => {
      const { subject, exact } = iamValueToSubject(v.value, v.like);
      if (!exact) {
        addNote(
          ctx,
          'condition-partly-expressed',
          `${v.from.op.raw} ${v.from.key} ${quote(v.written)} is written as ` +
            `${quote(subject)}, which matches more subjects (in oidcSubjects only '*' is a wildcard, and it ` +
            'is always one)',
        );
      }
      return subject;
    }),
  );
  return { oidcSubjects: [...new Set(subjects)] };
}
