import { makeVisible } from '../text/invisible-characters.ts';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The one escape for every string that reaches the HTML report, in text and in attribute values (always
 * double-quoted): `& < > " '` become entities, so record content (session names, user agents, error
 * messages, ARNs a caller chose) is always text, never markup; invisible and direction-changing
 * characters become visible `\u{…}` escapes ({@link makeVisible}).
 *
 * @example escapeHtml('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string): string {
  return makeVisible(text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c));
}
