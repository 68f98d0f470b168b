const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Controls (C0 but tab and newline, DEL, C1), format characters (bidi marks, overrides and isolates, the
 * Arabic letter mark, zero-width characters, soft hyphen, BOM, tag characters…) and line/paragraph
 * separators: a session name or user agent can carry them to reorder or hide what a reader sees. The
 * same classes as the terminal table, the JSON outputs and the alerts (`text/invisible-characters.ts`).
 */
const INVISIBLE = /(?![\t\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * The one escape for every string that reaches the HTML report, in text and in attribute values (always
 * double-quoted): `& < > " '` become entities, so record content (session names, user agents, error
 * messages, ARNs a caller chose) is always text, never markup; invisible and direction-changing
 * characters become visible `\u{…}` escapes.
 *
 * @example escapeHtml('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string): string {
  return makeVisible(text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c));
}

/** Invisible and direction-changing characters as visible `\u{…}` escapes (for plain text too). */
export function makeVisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}
