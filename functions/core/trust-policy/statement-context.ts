import type { RelationBudget } from './iam-value-intersection.ts';
import type { TrustPolicyNote, TrustPolicyNoteKind } from './trust-policy.ts';

/** What every statement of one policy shares while it is read. */
export interface PolicyContext {
  /** The policy's notes, in policy order. */
  readonly notes: TrustPolicyNote[];
  /**
   * Whether `${…}` in condition values is a policy variable (`${aws:username}`) or an escape (`${*}`):
   * only in a policy whose Version is 2012-10-17. In older policies (2008-10-17, or no Version) it is
   * literal text.
   */
  readonly policyVariables: boolean;
  /**
   * The work left for relating condition values (conditions on one key narrow each other): one budget for
   * the whole policy, so that a policy of many conditions costs no more than one of a few.
   */
  readonly relations: RelationBudget;
}

/** Where in the policy a note comes from, and what its policy shares. */
export interface StatementContext extends PolicyContext {
  readonly statement: number;
  readonly sid?: string;
}

export interface NoteOptions {
  readonly widens?: boolean;
  readonly level?: 'warning' | 'info';
}

export function addNote(
  ctx: StatementContext,
  kind: TrustPolicyNoteKind,
  message: string,
  options: NoteOptions = {},
): void {
  ctx.notes.push({
    kind,
    statement: ctx.statement,
    ...(ctx.sid === undefined ? {} : { sid: ctx.sid }),
    message,
    widens: options.widens ?? false,
    level: options.level ?? 'warning',
  });
}

/** A policy value (string or list of strings) as a list; non-strings are reported by the caller. */
export function stringList(value: unknown): { values: string[]; invalid: boolean } {
  const list = Array.isArray(value) ? value : [value];
  const values: string[] = [];
  let invalid = list.length === 0;
  for (const v of list) {
    if (typeof v === 'string') values.push(v);
    else if (typeof v === 'boolean' || typeof v === 'number') values.push(String(v));
    else invalid = true;
  }
  return { values, invalid };
}

/**
 * A value quoted for a note: cut to a readable length (notes are one line). Only the first `max` code
 * points are read (at most twice as many code units): a value may be 64 KB, and is quoted once per note.
 */
export function quote(value: string, max = 80): string {
  const cps = [...value.slice(0, 2 * max)];
  const whole = value.length <= 2 * max && cps.length <= max;
  return JSON.stringify(whole ? value : `${cps.slice(0, max - 1).join('')}…`);
}
