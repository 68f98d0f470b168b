/**
 * Characters that are invisible or rearrange text when shown: C0/C1 controls (U+0085 included), format
 * characters (bidi overrides and isolates, zero-width space/joiners, word joiner, soft hyphen, BOM) and
 * the line and paragraph separators U+2028/U+2029. Session names, user agents and error messages come
 * from whoever made the AWS call; these characters let `Prod\u200bAdmin` pass for `ProdAdmin` or a
 * right-to-left override reverse an ARN on screen. The same set as the terminal table neutralises.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const LINE_OR_CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;

// In serialised JSON: JSON.stringify already escapes U+0000–U+001F inside strings, and outside strings
// only JSON whitespace may appear (pretty-printing's line breaks must stay), so DEL and up.
const INVISIBLE_IN_JSON = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Removes invisible characters from text shown to people (chat messages, console titles): controls and
 * line separators become a space, so words stay apart; format characters are dropped.
 */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => (LINE_OR_CONTROL.test(c) ? ' ' : ''));
}

/**
 * Rewrites every invisible character in serialised JSON text as a `\uXXXX` escape: the parsed value is
 * unchanged, but the line holds none of them raw (a log viewer or `tail` shows what is there).
 *
 * @example
 * escapeInvisibleInJson(JSON.stringify({ name: 'a\u202eb' })) // '{"name":"a\\u202eb"}'
 */
export function escapeInvisibleInJson(json: string): string {
  return json.replace(INVISIBLE_IN_JSON, (c) => {
    // Tag characters (U+E0000…) are format characters too: escape both halves of the surrogate pair.
    let escaped = '';
    for (let i = 0; i < c.length; i++) escaped += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}
