// One condition of a trust-policy statement as written — its operator split into parts, its key and values —
// and how notes describe it (never an sts:ExternalId value).
import { addNote, quote, type StatementContext } from './statement-context.ts';

/** A condition operator split into its parts: `ForAnyValue:StringLikeIfExists` → set, base, ifExists. */
export interface Operator {
  readonly raw: string;
  readonly base: string;
  readonly set?: string;
  readonly ifExists: boolean;
}

export function splitOperator(raw: string): Operator {
  const m = /^(?:(ForAnyValue|ForAllValues):)?(.*?)(IfExists)?$/.exec(raw);
  return {
    raw,
    base: m?.[2] ?? raw,
    ...(m?.[1] === undefined ? {} : { set: m[1] }),
    ifExists: m?.[3] !== undefined,
  };
}

export interface Condition {
  readonly op: Operator;
  /** The key as written. */
  readonly key: string;
  readonly values: readonly string[];
}

export const isPlain = (op: Operator): boolean => op.set === undefined && !op.ifExists;
export const allAre = (values: readonly string[], expected: string): boolean =>
  values.length > 0 && values.every((v) => v.toLowerCase() === expected);
export const STRING_MATCH = new Set(['StringEquals', 'StringLike']);

/** Keys whose values must never reach a note (the ExternalId is a shared secret with a third party). */
export const isSecretKey = (key: string): boolean => key.toLowerCase().includes('externalid');

export function describe(c: Condition): string {
  const values = isSecretKey(c.key)
    ? `${c.values.length} value(s) not shown`
    : c.values
        .slice(0, 3)
        .map((v) => quote(v))
        .join(', ') + (c.values.length > 3 ? `, … (${c.values.length} values)` : '');
  return `${c.op.raw} ${c.key} ${values}`;
}

export function unsupportedOperator(ctx: StatementContext, c: Condition, requirement: string): void {
  const why = c.op.ifExists
    ? `${c.op.raw} also lets in requests that lack the key`
    : c.op.set !== undefined
      ? `the set operator ${c.op.set} is not read`
      : `the operator ${c.op.raw} is not read`;
  addNote(
    ctx,
    'unknown-condition-operator',
    `${isSecretKey(c.key) ? `${c.op.raw} ${c.key}` : describe(c)}: ${why}, so it is not taken as ${requirement}`,
  );
}
