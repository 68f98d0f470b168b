const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Controls (C0 but tab and newline, DEL, C1), bidi overrides and isolates, zero-width and line/paragraph
 * separators: a session name or user agent can carry them to reorder or hide what a reader sees.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being escaped
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

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
