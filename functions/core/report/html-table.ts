// Table cells and figures of the HTML report: every string that is not already markup is escaped here.
import { escapeHtml as e } from './escape-html.ts';
import { formatCount, formatTime } from './format-values.ts';

export type Cell = string | { readonly html: string; readonly num?: boolean; readonly className?: string };

/** A table; string cells are escaped here, `{html}` cells are already-escaped markup. */
export function table(caption: string, head: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const cell = (c: Cell, tag: 'td' | 'th'): string => {
    if (typeof c === 'string') return `<${tag}>${e(c)}</${tag}>`;
    const cls = [c.num ? 'num' : '', c.className ?? ''].filter((x) => x !== '').join(' ');
    return `<${tag}${cls === '' ? '' : ` class="${cls}"`}>${c.html}</${tag}>`;
  };
  if (rows.length === 0) return `<p class="note">${e(caption)}: none.</p>`;
  return (
    `<table><caption>${e(caption)}</caption><thead><tr>${head.map((h) => cell(h, 'th')).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody></table>`
  );
}

export const num = (n: number): Cell => ({ html: formatCount(n), num: true });
export const code = (s: string): Cell => ({ html: `<code>${e(s)}</code>` });
export const rule = (s: string): Cell => ({ html: `<code>${e(s)}</code>`, className: 'nowrap' });
export const sev = (s: string): Cell => ({
  html: `<span class="sev ${e(s)}">${e(s)}</span>`,
  className: 'nowrap',
});
export const times = (first: string | undefined, last: string | undefined): Cell => ({
  html: `${e(formatTime(first))}<br>${e(formatTime(last))}`,
  className: 'nowrap',
});
export const figure = (svg: string, caption: string): string =>
  `<figure>${svg}<figcaption>${e(caption)}</figcaption></figure>`;

/** Rows a table of the report shows before its caption says how many it leaves out. */
export const TOP_ROWS = 50;

/**
 * A capped table's caption says how many rows it leaves out and where they are, so that a long tail (a
 * hundred thousand findings, ten thousand actors) is never mistaken for the whole.
 */
export function capped(what: string, shown: number, total: number, rest: string): string {
  return shown >= total
    ? `${what} (${formatCount(total)})`
    : `${what}: the first ${formatCount(shown)} of ${formatCount(total)}; ${formatCount(total - shown)} more ${rest}`;
}
