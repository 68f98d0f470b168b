/*
 * Two conditions on one key are both required (IAM ANDs conditions, ORs the values of one): a request
 * passes when its value matches a value of each. This finds those common values for `StringLike` /
 * `StringEquals` values, deciding how two values relate by running both as automata over the same
 * characters.
 */
import { type GlobToken, type IamValue, iamGlobTokens } from './iam-glob.ts';

/** How the strings two values match relate: `a` within `b`, `a` containing `b`, none in common, or some. */
export type ValueRelation = 'equal' | 'within' | 'contains' | 'disjoint' | 'overlap';

/**
 * The automaton work (states visited × the positions they hold × the characters tried) reading one policy
 * may spend on relating values: a pair of ordinary values (GitHub subjects, session-name globs) takes
 * 2,000–11,000, so a policy of dozens of such pairs fits, and the whole budget takes some 40 ms. Policies
 * also arrive in CloudTrail records that `trust-policy-changed` judges, and IAM accepts values such as 200
 * `*`-separated letters, whose relation takes seconds to decide in full. Beyond the budget a relation is
 * unknown, which states more than IAM lets in (with a note), never less.
 */
export const MAX_RELATION_WORK = 500_000;

/** Work left for deciding relations; one per policy, shared by every pair of values it relates. */
export interface RelationBudget {
  left: number;
}

const isStar = (t: GlobToken | undefined): boolean =>
  t !== undefined && 'wildcard' in t && t.wildcard === '*';

/**
 * The positions a glob can be at: those given, and every one after a run of `*` (which may match nothing).
 * A walk stops at a position already reached, whose own run was walked then: time linear in the
 * positions, where walking every run to its end took (positions × run) — for a value of 10,000 `*`,
 * 10^8 steps per character tried, before the work budget was ever consulted (25 s).
 */
function closure(tokens: readonly GlobToken[], positions: Iterable<number>): number[] {
  const out = new Set<number>();
  for (const start of positions) {
    if (out.has(start)) continue;
    let p = start;
    out.add(p);
    while (isStar(tokens[p]) && !out.has(p + 1)) out.add(++p);
  }
  return [...out].sort((x, y) => x - y);
}

function step(tokens: readonly GlobToken[], positions: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const p of positions) {
    const t = tokens[p];
    if (t === undefined) continue;
    if ('literal' in t) {
      if (t.literal === c) next.push(p + 1);
    } else if (t.wildcard === '?') next.push(p + 1);
    else next.push(p);
  }
  return closure(tokens, next);
}

/** The characters the values name, and one they do not (standing for every other character). */
function alphabet(a: readonly GlobToken[], b: readonly GlobToken[]): string[] {
  const named = new Set<string>();
  for (const t of [...a, ...b]) if ('literal' in t) named.add(t.literal);
  let other = 0xe000;
  while (named.has(String.fromCharCode(other))) other++;
  return [...named, String.fromCharCode(other)];
}

/**
 * How the strings `a` matches relate to those `b` matches, under IAM's `StringLike` (`*` any run, `?`
 * one character) or `StringEquals` rules; undefined when deciding it would take more work than `budget`
 * has left (the work done is taken from it).
 *
 * @example relateIamValues({ value: 'repo:acme/app:ref:refs/heads/main', like: false }, { value: 'repo:acme/*', like: true }) // 'within'
 */
export function relateIamValues(
  a: IamValue,
  b: IamValue,
  budget: RelationBudget = { left: MAX_RELATION_WORK },
): ValueRelation | undefined {
  // Spent already: not even the values are read (a policy may pair thousands of them).
  if (budget.left < 0) return undefined;
  const ta = iamGlobTokens(a.value, a.like);
  const tb = iamGlobTokens(b.value, b.like);
  const chars = alphabet(ta, tb);
  const start = { a: closure(ta, [0]), b: closure(tb, [0]) };
  const seen = new Set<string>();
  const queue = [start];
  let aOnly = false;
  let bOnly = false;
  let both = false;
  while (queue.length > 0) {
    const s = queue.pop();
    if (s === undefined) break;
    const key = `${s.a.join(',')}|${s.b.join(',')}`;
    if (seen.has(key)) continue;
    budget.left -= (s.a.length + s.b.length + 1) * chars.length;
    if (budget.left < 0) return undefined;
    seen.add(key);
    const inA = s.a.includes(ta.length);
    const inB = s.b.includes(tb.length);
    if (inA && inB) both = true;
    else if (inA) aOnly = true;
    else if (inB) bOnly = true;
    if (aOnly && bOnly && both) return 'overlap';
    for (const c of chars) {
      const next = { a: step(ta, s.a, c), b: step(tb, s.b, c) };
      if (next.a.length > 0 || next.b.length > 0) queue.push(next);
    }
  }
  if (!both) return 'disjoint';
  if (!aOnly && !bOnly) return 'equal';
  if (!aOnly) return 'within';
  if (!bOnly) return 'contains';
  return 'overlap';
}

/** Literal characters: of two values that each match more than the other, the one that pins more. */
const pinned = (v: IamValue): number => iamGlobTokens(v.value, v.like).filter((t) => 'literal' in t).length;

/**
 * The values a request must match when both lists are required (each list: any one of its values).
 * `exact` when the result matches exactly the strings both lists match; otherwise it matches more (two
 * values share some strings but neither holds the other's, and no value of either states the common
 * ones), never fewer. An empty exact result: no string passes both. A pair whose relation is unknown
 * (the budget ran out while relating it) keeps the value of the two that pins more; values of `a` left
 * when the budget is spent are kept whole, without being paired.
 *
 * @example
 * intersectIamValues([{ value: 'repo:acme/*', like: true }], [{ value: 'repo:acme/app:ref:refs/heads/main', like: false }])
 * // { values: [{ value: 'repo:acme/app:ref:refs/heads/main', like: false }], exact: true }
 */
export function intersectIamValues<V extends IamValue>(
  a: readonly V[],
  b: readonly V[],
  budget: RelationBudget = { left: MAX_RELATION_WORK },
): { values: V[]; exact: boolean } {
  const out = new Map<string, V>();
  const keys = new Map<V, string>();
  const keep = (v: V): void => {
    let key = keys.get(v);
    if (key === undefined) {
      key = `${v.like ? 'L' : 'E'}${v.value}`;
      keys.set(v, key);
    }
    out.set(key, v);
  };
  const literals = new Map<V, number>();
  const pinnedOf = (v: V): number => {
    let n = literals.get(v);
    if (n === undefined) {
      n = pinned(v);
      literals.set(v, n);
    }
    return n;
  };
  let exact = true;
  for (const x of a) {
    // Once the budget is spent, x stands for what it shares with every value of b: pairing each x with
    // each y (two lists of 3,000 values, 9 million pairs) took 18 s even with every relation unknown.
    if (budget.left < 0) {
      exact = false;
      keep(x);
      continue;
    }
    const relations = b.map((y) => ({ y, r: relateIamValues(x, y, budget) }));
    // A value within one of the other list's is common to both as a whole.
    if (relations.some(({ r }) => r === 'equal' || r === 'within')) {
      keep(x);
      continue;
    }
    for (const { y, r } of relations) {
      if (r === 'contains') keep(y);
      else if (r === 'overlap' || r === undefined) {
        exact = false;
        keep(pinnedOf(y) > pinnedOf(x) ? y : x);
      }
    }
  }
  return { values: [...out.values()], exact };
}
