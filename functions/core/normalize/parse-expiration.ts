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

/** Date.UTC normalises overflow (Feb 30 → Mar 2); a real calendar date survives the round trip. */
function utc(year: number, month: number, day: number, h: number, m: number, s: number): number | undefined {
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 23 || m > 59 || s > 59) return undefined;
  const ms = Date.UTC(year, month, day, h, m, s);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month || d.getUTCDate() !== day) return undefined;
  return ms;
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
    const iso = ISO_FORMAT.exec(t);
    return iso === null ? undefined : parseIso(iso);
  }
  const loc = LOCALE_FORMAT.exec(t);
  return loc === null ? undefined : parseLocale(loc);
}

/** Epoch ms → ISO 8601 UTC, without a `.000` millisecond part (`2023-07-18T16:07:39Z`). */
export function toIsoUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
