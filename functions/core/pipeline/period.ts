import { err, ok, type Result } from '../model/result.ts';

/** The time span a scan judges: credential events outside it are counted, not judged. */
export interface Period {
  /** Epoch milliseconds, inclusive. */
  readonly sinceMs?: number;
  /** Epoch milliseconds, exclusive. */
  readonly untilMs?: number;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const RELATIVE = /^(\d{1,7})([smhdw])$/;
// A date, or a date and time with an optional zone; no zone means UTC (CloudTrail's own times are UTC).
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * `--since`/`--until` values: ISO 8601 (`2026-11-01`, `2026-11-01T08:00:00Z`; UTC unless a zone is
 * given) or a span back from now (`90m`, `24h`, `7d`, `2w`, `30s`).
 */
export function parseTimeBound(raw: string, nowMs: number): Result<number, string> {
  const text = raw.trim();
  const relative = RELATIVE.exec(text);
  if (relative !== null) return ok(nowMs - Number(relative[1]) * UNIT_MS[relative[2]!]!);
  if (ISO.test(text)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && text.length > 10;
    const iso = text.length === 10 ? `${text}T00:00:00Z` : hasZone ? text : `${text.replace(' ', 'T')}Z`;
    const ms = Date.parse(iso);
    // Date.parse rolls impossible dates over (2026-02-30 is 2 March): the calendar date must survive.
    const [y, m, d] = text.slice(0, 10).split('-').map(Number);
    const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 0));
    if (date.getUTCMonth() !== (m ?? 0) - 1 || date.getUTCDate() !== d) {
      return err(`'${raw}' is not a calendar date`);
    }
    if (Number.isFinite(ms)) return ok(ms);
  }
  return err(
    `'${raw}' is neither an ISO 8601 time (2026-11-01, 2026-11-01T08:00:00Z) nor a span such as 90m, 24h, 7d`,
  );
}

/** Whether an event time is inside the period (an event without a time is judged: nothing is dropped). */
export function inPeriod(period: Period | undefined, eventTimeMs: number | undefined): boolean {
  if (period === undefined || eventTimeMs === undefined) return true;
  if (period.sinceMs !== undefined && eventTimeMs < period.sinceMs) return false;
  if (period.untilMs !== undefined && eventTimeMs >= period.untilMs) return false;
  return true;
}
