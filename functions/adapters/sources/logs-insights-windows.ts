/** A time window of a Logs Insights query: `[fromMs, toMs)`, on whole seconds except at the period's ends. */
export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Logs Insights returns at most this many rows per query. */
export const LOGS_INSIGHTS_ROW_LIMIT = 10_000;
/**
 * Rows a planned window aims at: below the limit, so that events that arrived after the count (or
 * counted in a neighbouring hour) rarely push a window over it. A window that still reaches the limit
 * is split and read again.
 */
export const WINDOW_TARGET_ROWS = 8_000;

const HOUR_MS = 3_600_000;
const SECOND_MS = 1000;

/**
 * Plans query windows from per-hour counts (`stats count(*) by bin(1h)`, keyed by the hour's start):
 * consecutive hours are merged while their rows fit `targetRows`; an hour with more is cut into equal
 * parts on whole seconds. Windows cover the period exactly, without gaps or overlaps, in time order.
 */
export function planWindows(
  sinceMs: number,
  untilMs: number,
  hourly: ReadonlyMap<number, number>,
  targetRows: number = WINDOW_TARGET_ROWS,
): TimeWindow[] {
  const windows: TimeWindow[] = [];
  let open: { fromMs: number; rows: number } | undefined;
  let cursor = sinceMs;
  for (let hour = Math.floor(sinceMs / HOUR_MS) * HOUR_MS; hour < untilMs; hour += HOUR_MS) {
    const from = Math.max(hour, sinceMs);
    const to = Math.min(hour + HOUR_MS, untilMs);
    const rows = hourly.get(hour) ?? 0;
    if (rows > targetRows) {
      if (open !== undefined) windows.push({ fromMs: open.fromMs, toMs: from });
      open = undefined;
      const parts = Math.ceil(rows / targetRows);
      let start = from;
      for (let i = 1; i <= parts; i++) {
        const end = i === parts ? to : Math.round((from + ((to - from) * i) / parts) / SECOND_MS) * SECOND_MS;
        if (end > start) windows.push({ fromMs: start, toMs: end });
        start = Math.max(start, end);
      }
    } else if (open === undefined) {
      open = { fromMs: from, rows };
    } else if (open.rows + rows > targetRows) {
      windows.push({ fromMs: open.fromMs, toMs: from });
      open = { fromMs: from, rows };
    } else {
      open.rows += rows;
    }
    cursor = to;
  }
  if (open !== undefined) windows.push({ fromMs: open.fromMs, toMs: cursor });
  return windows;
}

/** Halves a window on a whole second; `undefined` when it is one second or less (it cannot be split). */
export function splitWindow(window: TimeWindow): [TimeWindow, TimeWindow] | undefined {
  const mid = Math.round((window.fromMs + window.toMs) / 2 / SECOND_MS) * SECOND_MS;
  if (mid <= window.fromMs || mid >= window.toMs) return undefined;
  return [
    { fromMs: window.fromMs, toMs: mid },
    { fromMs: mid, toMs: window.toMs },
  ];
}

/**
 * A window's `startTime`/`endTime` for StartQuery: epoch seconds, both inclusive, so `[from, to)` on
 * whole seconds becomes `from/1000 … to/1000 − 1` and neighbouring windows never read a second twice.
 */
export function querySeconds(window: TimeWindow): { startTime: number; endTime: number } {
  const startTime = Math.floor(window.fromMs / SECOND_MS);
  return { startTime, endTime: Math.max(startTime, Math.ceil(window.toMs / SECOND_MS) - 1) };
}

/** The events the hourly counts put in a window: the counts of every hour it overlaps, in whole. */
export function countedIn(window: TimeWindow, hourly: ReadonlyMap<number, number>): number {
  let rows = 0;
  for (let hour = Math.floor(window.fromMs / HOUR_MS) * HOUR_MS; hour < window.toMs; hour += HOUR_MS)
    rows += hourly.get(hour) ?? 0;
  return rows;
}

/** `2026-11-01T00:00Z..01:00Z` (the date again only when the window ends on another day; seconds when set). */
export function windowLabel(window: TimeWindow): string {
  const text = (ms: number): string => {
    const iso = new Date(ms).toISOString();
    const seconds = iso.slice(17, 19) === '00' && iso.slice(20, 23) === '000' ? '' : `:${iso.slice(17, 19)}`;
    return `${iso.slice(0, 16)}${seconds}Z`;
  };
  const from = text(window.fromMs);
  const to = text(window.toMs);
  return from.slice(0, 10) === to.slice(0, 10) ? `${from}..${to.slice(11)}` : `${from}..${to}`;
}
