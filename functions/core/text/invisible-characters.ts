/**
 * Characters that are invisible or rearrange text when shown: C0/C1 controls (U+0085 included), format
 * characters (bidi overrides and isolates, zero-width space/joiners, word joiner, soft hyphen, BOM) and
 * the line and paragraph separators U+2028/U+2029. Session names, user agents and error messages come
 * from whoever made the AWS call; these characters let `Prod\u200bAdmin` pass for `ProdAdmin` or a
 * right-to-left override reverse an ARN on screen. The same set as the terminal table neutralises and
 * `render/json-safe.ts` escapes in JSON; the reports show them as escapes ({@link makeVisible}).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const LINE_OR_CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;
/** {@link INVISIBLE} but tab and newline, which plain-text files (Markdown, CSV, HTML text) keep. */
const INVISIBLE_IN_TEXT = /(?![\t\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Removes invisible characters from text shown to people (chat messages, console titles): controls and
 * line separators become a space, so words stay apart; format characters are dropped.
 */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => (LINE_OR_CONTROL.test(c) ? ' ' : ''));
}

/**
 * Every invisible character but tab and newline as a visible `\u{…}` escape, in text a person reads as written
 * (the HTML and Markdown reports, CSV cells, the report summary): `Prod\u{200b}Admin`, not `ProdAdmin`.
 */
export function makeVisible(s: string): string {
  return s.replace(INVISIBLE_IN_TEXT, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}
