/**
 * CloudTrail writes `credentials.expiration` in the producer's Java locale format, with or without a comma
 * after the year and, on newer JDKs, a narrow no-break space before AM/PM. All of them are UTC.
 */
const LOCALE_FORMAT = new RegExp(
  '^([A-Za-z]{3})[a-z]*\\.?\\s+(\\d{1,2}),\\s*(\\d{4}),?\\s+' + // Jul 18, 2023,
    '(\\d{1,2}):(\\d{2}):(\\d{2})[\\s\\u00a0\\u202f]*([AaPp])\\.?[Mm]\\.?$', // 4:07:39 PM
);
const ISO_FORMAT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Epoch ms of a calendar date and time, or undefined when it is not a real one (Feb 30, 24:00).
 * Checked arithmetically rather than by a Date round trip: this runs twice for every credential event.
 * Years 0–99 are never valid here, as with the round trip they replace (Date.UTC reads them as 19xx).
 */
function utc(year: number, month: number, day: number, h: number, m: number, s: number): number | undefined {
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 23 || m > 59 || s > 59) return undefined;
  if (year < 100) return undefined;
  const monthDays = month === 1 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month] ?? 0);
  if (day > monthDays) return undefined;
  return daysFromCivil(year, month + 1, day) * MS_PER_DAY + ((h * 60 + m) * 60 + s) * 1000;
}

const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (month 1–12), as `Date.UTC` counts them, by H.
 * Hinnant's `days_from_civil`: plain arithmetic, without the cost of a call into the Date builtins.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function parseLocale(m: RegExpExecArray): number | undefined {
  const month = MONTHS[(m[1] ?? '').toLowerCase()];
  if (month === undefined) return undefined;
  const hour12 = Number(m[4]);
  if (hour12 < 1 || hour12 > 12) return undefined;
  const pm = m[7] === 'P' || m[7] === 'p';
  const hour = (hour12 % 12) + (pm ? 12 : 0);
  return utc(Number(m[3]), month, Number(m[2]), hour, Number(m[5]), Number(m[6]));
}

function parseIso(m: RegExpExecArray): number | undefined {
  const base = utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (base === undefined) return undefined;
  const frac = m[7];
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let offsetMs = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMs = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return base + ms - offsetMs;
}

/** The value of the decimal digit at `i`, or -1 when it is not one. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at `i` as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * Epoch ms of a timestamp in the canonical form CloudTrail writes `eventTime` in, `YYYY-MM-DDTHH:MM:SSZ`
 * exactly, read without a regular expression; undefined for anything else, including a timestamp that
 * {@link parseExpiration} would still accept in another form. For these strings `toIsoUtc` of the result
 * is the string itself, so callers may keep it instead of formatting the time again.
 */
export function parseCanonicalUtc(s: unknown): number | undefined {
  if (typeof s !== 'string' || s.length !== 20) return undefined;
  if (
    s.charCodeAt(4) !== 0x2d || // -
    s.charCodeAt(7) !== 0x2d ||
    s.charCodeAt(10) !== 0x54 || // T
    s.charCodeAt(13) !== 0x3a || // :
    s.charCodeAt(16) !== 0x3a ||
    s.charCodeAt(19) !== 0x5a // Z
  ) {
    return undefined;
  }
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const h = twoDigits(s, 11);
  const m = twoDigits(s, 14);
  const sec = twoDigits(s, 17);
  if ((century | yy | month | day | h | m | sec) < 0) return undefined;
  return utc(century * 100 + yy, month - 1, day, h, m, sec);
}

/** `Jan`…`Dec` in any case, by the char codes of the three letters (lower-cased). */
const MONTH_BY_CODES: ReadonlyMap<number, number> = new Map(
  Object.entries(MONTHS).map(([name, month]) => [
    (name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2),
    month,
  ]),
);

const isSpaceBeforeMeridiem = (c: number): boolean => c === 0x20 || c === 0xa0 || c === 0x202f;

/**
 * The common spelling of the locale format, `Jul 18, 2023, 4:07:39 PM` with single spaces, read without
 * a regular expression. Returns null when the text is not spelled exactly so (the regular expression
 * then decides), else what {@link LOCALE_FORMAT} would give: every text accepted here matches it with
 * the same fields.
 */
function parseLocaleFast(t: string): number | undefined | null {
  const n = t.length;
  // "Mmm D, YYYY, H:MM:SS AM" to "Mmm DD, YYYY, HH:MM:SS AM": 22 to 25 characters.
  if (n < 22 || n > 25 || t.charCodeAt(3) !== 0x20) return null;
  const c0 = t.charCodeAt(0) | 0x20;
  const c1 = t.charCodeAt(1) | 0x20;
  const c2 = t.charCodeAt(2) | 0x20;
  if (c0 < 0x61 || c0 > 0x7a || c1 < 0x61 || c1 > 0x7a || c2 < 0x61 || c2 > 0x7a) return null;
  let i = 4;
  let day = digitAt(t, i++);
  if (day < 0) return null;
  const d2 = digitAt(t, i);
  if (d2 >= 0) {
    day = day * 10 + d2;
    i++;
  }
  if (t.charCodeAt(i) !== 0x2c || t.charCodeAt(i + 1) !== 0x20) return null;
  i += 2;
  const century = twoDigits(t, i);
  const yy = twoDigits(t, i + 2);
  if (century < 0 || yy < 0 || t.charCodeAt(i + 4) !== 0x2c || t.charCodeAt(i + 5) !== 0x20) return null;
  i += 6;
  let hour12 = digitAt(t, i++);
  if (hour12 < 0) return null;
  const h2 = digitAt(t, i);
  if (h2 >= 0) {
    hour12 = hour12 * 10 + h2;
    i++;
  }
  if (t.charCodeAt(i) !== 0x3a || t.charCodeAt(i + 3) !== 0x3a) return null;
  const min = twoDigits(t, i + 1);
  const sec = twoDigits(t, i + 4);
  if (min < 0 || sec < 0) return null;
  i += 6;
  // Exactly " AM" (or " PM", any case, the space possibly a no-break one) must end the text.
  if (i + 3 !== n || !isSpaceBeforeMeridiem(t.charCodeAt(i))) return null;
  const meridiem = t.charCodeAt(i + 1) | 0x20;
  if ((meridiem !== 0x61 && meridiem !== 0x70) || (t.charCodeAt(i + 2) | 0x20) !== 0x6d) return null;
  // Checked only now, as in parseLocale: an unknown month or hour is invalid, not another spelling.
  const month = MONTH_BY_CODES.get((c0 << 16) | (c1 << 8) | c2);
  if (month === undefined || hour12 < 1 || hour12 > 12) return undefined;
  const hour = (hour12 % 12) + (meridiem === 0x70 ? 12 : 0);
  return utc(century * 100 + yy, month, day, hour, min, sec);
}

/**
 * Parses a CloudTrail timestamp into epoch milliseconds, or undefined when it is not one.
 * Accepts `Jul 18, 2023, 4:07:39 PM`, `Jan 22, 2021 12:46:28 AM` and ISO 8601 (`2023-07-18T16:07:39Z`,
 * fractional seconds, `±hh:mm` offsets; no offset means UTC). Locale strings are never given to
 * `Date.parse`, whose handling of them depends on the runtime.
 *
 * @example parseExpiration('Jul 18, 2023, 4:07:39 PM') // 1689696459000
 */
export function parseExpiration(s: unknown): number | undefined {
  if (typeof s !== 'string' || s.length < 10 || s.length > 64) return undefined;
  const t = s.trim();
  const first = t.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const canonical = parseCanonicalUtc(t);
    if (canonical !== undefined) return canonical;
    const iso = ISO_FORMAT.exec(t);
    return iso === null ? undefined : parseIso(iso);
  }
  const fast = parseLocaleFast(t);
  if (fast !== null) return fast;
  const loc = LOCALE_FORMAT.exec(t);
  return loc === null ? undefined : parseLocale(loc);
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
/** 10000-01-01T00:00:00Z: from there on toISOString writes a six-digit year. */
const YEAR_10000_MS = 253_402_300_800_000;

/**
 * Epoch ms → ISO 8601 UTC, without a `.000` millisecond part (`2023-07-18T16:07:39Z`).
 * Whole seconds from 1970 to 9999 are formatted by arithmetic (days to civil date, as in H. Hinnant's
 * `civil_from_days`), which is several times cheaper than `Date#toISOString` and gives the same text;
 * anything else goes through `Date`.
 */
export function toIsoUtc(ms: number): string {
  if (Number.isInteger(ms) && ms >= 0 && ms < YEAR_10000_MS && ms % 1000 === 0) {
    const days = Math.floor(ms / MS_PER_DAY);
    const secondOfDay = (ms - days * MS_PER_DAY) / 1000;
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    const h = Math.floor(secondOfDay / 3600);
    const m = Math.floor((secondOfDay % 3600) / 60);
    const sec = secondOfDay % 60;
    return (
      `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T` +
      `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[sec]}Z`
    );
  }
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
