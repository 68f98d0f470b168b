import type * as z from 'zod/mini';

/**
 * Refuses the value a zod/mini transform was given, with `message` (a `custom` issue, as classic zod's
 * `ctx.addIssue` made): a transform's context is the parse payload itself, which has no `addIssue`.
 * Returns nothing usable; the issue fails the parse.
 */
export function reject(ctx: z.core.ParsePayload, message: string): never {
  ctx.issues.push({ code: 'custom', message, input: ctx.value });
  return undefined as never;
}
