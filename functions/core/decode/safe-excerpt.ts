/** Keys whose values are secrets: text after them is never shown in a message. */
const SECRET_KEYS = ['sessiontoken', 'secretaccesskey', 'externalid', 'tokencode'];
const BEFORE = 24;
const AFTER = 8;
/** How far back a secret key is looked for; longer than any STS session token. */
const LOOKBEHIND = 16_384;

/**
 * A short excerpt of `text` around `offset` on the same line, for error messages, as a quoted
 * string (` near "…"`), or `''` when there is nothing safe to show: when the window overlaps the
 * value of a `sessionToken`, `secretAccessKey`, `externalId` or `tokenCode` key.
 */
export function excerptNear(text: string, offset: number): string {
  const at = Math.min(Math.max(offset, 0), text.length);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  const from = Math.max(lineStart, at - BEFORE);
  const to = Math.min(lineEnd === -1 ? text.length : lineEnd, at + AFTER);
  if (to <= from) return '';
  if (overlapsSecret(text, from, to)) return '';
  const prefix = from > lineStart ? '…' : '';
  // JSON.stringify escapes control characters and lone surrogates, so the excerpt prints safely.
  return ` near ${JSON.stringify(prefix + text.slice(from, to))}`;
}

function overlapsSecret(text: string, from: number, to: number): boolean {
  const windowStart = Math.max(0, from - LOOKBEHIND);
  const lower = text.slice(windowStart, to).toLowerCase();
  for (const key of SECRET_KEYS) {
    const k = lower.lastIndexOf(key);
    if (k === -1) continue;
    // Skip quotes, escapes, ':' and spaces to the value, then find where the value's string ends.
    let v = k + key.length;
    while (v < lower.length && '"\\: \t'.includes(lower.charAt(v))) v++;
    const close = lower.indexOf('"', v);
    if (close === -1 || windowStart + close >= from) return true;
  }
  return false;
}
