import { escapeHtml } from './escape-html.ts';
import { formatCount, formatSeconds } from './format-values.ts';

/**
 * Small inline SVG charts for the HTML report: no script, no external asset. Colours come from CSS
 * classes (`bar`, `denied`, `over`, `heat`, `axis`…) so that dark mode and print restyle them; every
 * label is escaped; every chart has a `<title>` for screen readers and tooltips.
 */

const FONT = 12;
const CHAR_WIDTH = 7.2;

function svgOpen(width: number, height: number, title: string, className: string): string {
  return (
    `<svg class="chart ${className}" xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" ` +
    `height="${height}" viewBox="0 0 ${width} ${height}"><title>${escapeHtml(title)}</title>`
  );
}

function clip(label: string, chars: number): string {
  return label.length <= chars ? label : `${label.slice(0, chars - 1)}…`;
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** A CSS class for the bar (e.g. a severity). */
  readonly className?: string;
}

/** Horizontal bars, one per row, value at the end. */
export function barChart(bars: readonly Bar[], title: string, width = 560): string {
  const labelChars = 34;
  const labelWidth = Math.min(labelChars, Math.max(4, ...bars.map((b) => b.label.length))) * CHAR_WIDTH + 8;
  const row = 22;
  const height = Math.max(1, bars.length) * row + 4;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const room = width - labelWidth - 70;
  let out = svgOpen(width, height, title, 'bars');
  bars.forEach((b, i) => {
    const y = i * row + 2;
    const w = b.value === 0 ? 0 : Math.max(2, (b.value / max) * room);
    out +=
      `<g><title>${escapeHtml(`${b.label}: ${formatCount(b.value)}`)}</title>` +
      `<text class="label" x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" font-size="${FONT}">` +
      `${escapeHtml(clip(b.label, labelChars))}</text>` +
      `<rect class="bar ${b.className ?? ''}" x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 8}" rx="2"/>` +
      `<text class="value" x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 15}" font-size="${FONT}">` +
      `${formatCount(b.value)}</text></g>`;
  });
  if (bars.length === 0) out += `<text class="label" x="4" y="16" font-size="${FONT}">none</text>`;
  return `${out}</svg>`;
}

export interface SeriesPoint {
  readonly label: string;
  readonly total: number;
  /** Part of `total` drawn in the `denied` colour. */
  readonly part: number;
}

/** Columns over time (calls, denied calls stacked at the bottom), with a few x labels. */
export function seriesChart(points: readonly SeriesPoint[], title: string, width = 720): string {
  const height = 180;
  const left = 48;
  const bottom = 28;
  const plotHeight = height - bottom - 8;
  const max = Math.max(1, ...points.map((p) => p.total));
  const step = (width - left - 8) / Math.max(1, points.length);
  const barWidth = Math.max(1, step - (step > 4 ? 1.5 : 0));
  let out = svgOpen(width, height, title, 'series');
  out += `<line class="axis" x1="${left}" y1="${8 + plotHeight}" x2="${width - 4}" y2="${8 + plotHeight}"/>`;
  out += `<text class="label" x="${left - 6}" y="14" text-anchor="end" font-size="${FONT}">${formatCount(max)}</text>`;
  out += `<text class="label" x="${left - 6}" y="${8 + plotHeight}" text-anchor="end" font-size="${FONT}">0</text>`;
  const labelEvery = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor((width - left) / 90))));
  points.forEach((p, i) => {
    const x = left + i * step;
    const h = (p.total / max) * plotHeight;
    const hp = (p.part / max) * plotHeight;
    out += `<g><title>${escapeHtml(`${p.label}: ${formatCount(p.total)} calls, ${formatCount(p.part)} denied`)}</title>`;
    out += `<rect class="bar" x="${x.toFixed(1)}" y="${(8 + plotHeight - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}"/>`;
    if (hp > 0)
      out += `<rect class="denied" x="${x.toFixed(1)}" y="${(8 + plotHeight - hp).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${hp.toFixed(1)}"/>`;
    out += '</g>';
    if (i % labelEvery === 0) {
      out += `<text class="label" x="${x.toFixed(1)}" y="${height - 8}" font-size="${FONT - 1}">${escapeHtml(p.label)}</text>`;
    }
  });
  return `${out}</svg>`;
}

/** Source account (rows) → target account (columns), cell shade by calls. */
export function heatMap(
  accounts: readonly string[],
  cells: readonly { readonly from: string; readonly to: string; readonly calls: number }[],
  title: string,
  highlight: ReadonlySet<string> = new Set(),
): string {
  const cell = 34;
  const labelWidth = 12 * CHAR_WIDTH + 12;
  const top = 12 * CHAR_WIDTH + 8;
  const n = Math.max(1, accounts.length);
  const width = labelWidth + n * cell + 4;
  const height = top + n * cell + 4;
  const index = new Map(accounts.map((a, i) => [a, i]));
  const max = Math.max(1, ...cells.map((c) => c.calls));
  let out = svgOpen(width, height, title, 'heat');
  accounts.forEach((a, i) => {
    const mark = highlight.has(a) ? '' : ' outside';
    out += `<text class="label${mark}" x="${labelWidth - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="${FONT}">${escapeHtml(a)}</text>`;
    const x = labelWidth + i * cell + cell / 2 + 4;
    out += `<text class="label${mark}" x="${x}" y="${top - 6}" font-size="${FONT}" transform="rotate(-60 ${x} ${top - 6})">${escapeHtml(a)}</text>`;
  });
  for (const c of cells) {
    const r = index.get(c.from);
    const k = index.get(c.to);
    if (r === undefined || k === undefined) continue;
    const shade = 0.15 + 0.85 * Math.sqrt(c.calls / max);
    out +=
      `<g><title>${escapeHtml(`${c.from} → ${c.to}: ${formatCount(c.calls)} calls`)}</title>` +
      `<rect class="cell" x="${labelWidth + k * cell + 1}" y="${top + r * cell + 1}" width="${cell - 2}" height="${cell - 2}" fill-opacity="${shade.toFixed(2)}"/>` +
      `<text class="cell-value" x="${labelWidth + k * cell + cell / 2}" y="${top + r * cell + cell / 2 + 4}" text-anchor="middle" font-size="${FONT - 2}">${c.calls > 9999 ? '9k+' : c.calls}</text></g>`;
  }
  if (accounts.length === 0) out += `<text class="label" x="4" y="16" font-size="${FONT}">none</text>`;
  return `${out}</svg>`;
}

/**
 * A role's granted session lengths per bucket, buckets above the role's `maxSessionSeconds` in the
 * `over` colour, a dashed line at the limit.
 */
export function durationHistogram(
  counts: readonly number[],
  edgesSeconds: readonly number[],
  limitSeconds: number,
  title: string,
): string {
  const width = 300;
  const height = 120;
  const bottom = 30;
  const plotHeight = height - bottom - 14;
  const step = (width - 8) / counts.length;
  const max = Math.max(1, ...counts);
  let out = svgOpen(width, height, title, 'histogram');
  counts.forEach((n, i) => {
    const lower = i === 0 ? 0 : (edgesSeconds[i - 1] ?? 0);
    const upper = edgesSeconds[i];
    const label = upper === undefined ? `> ${formatSeconds(lower)}` : `≤ ${formatSeconds(upper)}`;
    const over = lower >= limitSeconds ? ' over' : '';
    const h = n === 0 ? 0 : Math.max(1.5, (n / max) * plotHeight);
    const x = 4 + i * step;
    out +=
      `<g><title>${escapeHtml(`${label}: ${formatCount(n)} sessions`)}</title>` +
      `<rect class="bar${over}" x="${x.toFixed(1)}" y="${(14 + plotHeight - h).toFixed(1)}" width="${(step - 2).toFixed(1)}" height="${h.toFixed(1)}"/></g>`;
    if (i % 3 === 0 || upper === undefined) {
      out += `<text class="label" x="${x.toFixed(1)}" y="${height - 16}" font-size="${FONT - 3}">${escapeHtml(upper === undefined ? '>' : formatSeconds(upper))}</text>`;
    }
  });
  const limitIndex = edgesSeconds.findIndex((e) => e >= limitSeconds);
  if (limitIndex >= 0) {
    const x = 4 + (limitIndex + 1) * step - 1;
    out +=
      `<line class="limit" x1="${x.toFixed(1)}" y1="10" x2="${x.toFixed(1)}" y2="${14 + plotHeight}"/>` +
      `<text class="label" x="${Math.min(x + 3, width - 60).toFixed(1)}" y="10" font-size="${FONT - 2}">limit ${escapeHtml(formatSeconds(limitSeconds))}</text>`;
  }
  out += `<line class="axis" x1="4" y1="${14 + plotHeight}" x2="${width - 4}" y2="${14 + plotHeight}"/>`;
  return `${out}</svg>`;
}
