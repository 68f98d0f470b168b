/**
 * Characters that are invisible or rearrange text when shown: C0/C1 controls (U+0085 included), format
 * characters (bidi overrides and isolates, zero-width space/joiners, word joiner, soft hyphen, BOM) and
 * the line and paragraph separators U+2028/U+2029. Session names, user agents and error messages come
 * from whoever made the AWS call; these characters let `Prod\u200bAdmin` pass for `ProdAdmin` or a
 * right-to-left override reverse an ARN on screen. The same set as the terminal table neutralises and
 * `render/json-safe.ts` escapes in JSON.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const LINE_OR_CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/**
 * Removes invisible characters from text shown to people (chat messages, console titles): controls and
 * line separators become a space, so words stay apart; format characters are dropped.
 */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => (LINE_OR_CONTROL.test(c) ? ' ' : ''));
}
