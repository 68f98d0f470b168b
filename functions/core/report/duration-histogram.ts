/**
 * Upper edges, in seconds, of the granted-duration buckets: the quarter hours up to an hour, then the
 * lengths IAM roles are usually set to, up to GetFederationToken's 36 hours; the last bucket is open.
 * Fixed buckets keep a role's distribution in a few numbers however many calls it had.
 */
export const DURATION_BUCKET_EDGES_SECONDS: readonly number[] = [
  900, 1800, 2700, 3600, 7200, 10_800, 14_400, 21_600, 28_800, 43_200, 86_400, 129_600,
];

/** Granted = expiration − eventTime, which may be a few seconds over what was asked for. */
const SLACK_SECONDS = 60;

/** Granted session lengths of one role: counts per bucket (the last one open), the exact longest. */
export interface DurationHistogram {
  /** One count per edge of {@link DURATION_BUCKET_EDGES_SECONDS}, plus one for longer sessions. */
  readonly counts: number[];
  count: number;
  maxSeconds: number;
}

export const emptyHistogram = (): DurationHistogram => ({
  counts: new Array<number>(DURATION_BUCKET_EDGES_SECONDS.length + 1).fill(0),
  count: 0,
  maxSeconds: 0,
});

/** The bucket of a duration: the first whose edge (plus a minute of slack) it does not exceed. */
export function bucketOf(seconds: number): number {
  const i = DURATION_BUCKET_EDGES_SECONDS.findIndex((edge) => seconds <= edge + SLACK_SECONDS);
  return i < 0 ? DURATION_BUCKET_EDGES_SECONDS.length : i;
}

export function addDuration(h: DurationHistogram, seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0) return;
  const i = bucketOf(seconds);
  h.counts[i] = (h.counts[i] ?? 0) + 1;
  h.count++;
  if (seconds > h.maxSeconds) h.maxSeconds = seconds;
}

/**
 * Takes a duration counted by {@link addDuration} out again (a second delivery of one record). The
 * longest stays: the first delivery, with the same duration, is still counted.
 */
export function removeDuration(h: DurationHistogram, seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0) return;
  const i = bucketOf(seconds);
  h.counts[i] = (h.counts[i] ?? 0) - 1;
  h.count--;
}

/** Both histograms in `a` (returned). */
export function mergeHistograms(a: DurationHistogram, b: DurationHistogram): DurationHistogram {
  for (let i = 0; i < b.counts.length; i++) a.counts[i] = (a.counts[i] ?? 0) + (b.counts[i] ?? 0);
  a.count += b.count;
  a.maxSeconds = Math.max(a.maxSeconds, b.maxSeconds);
  return a;
}

/**
 * The median from the histogram: the upper edge of the bucket that holds the middle session, never more
 * than the exact longest. Exact when sessions have the usual lengths (whole quarter hours, the edges
 * above); otherwise an upper bound, at most one bucket wide. Undefined when there are no sessions.
 */
export function medianSeconds(h: DurationHistogram): number | undefined {
  if (h.count === 0) return undefined;
  const middle = Math.ceil(h.count / 2);
  let seen = 0;
  for (let i = 0; i < h.counts.length; i++) {
    seen += h.counts[i] ?? 0;
    if (seen >= middle) return Math.min(DURATION_BUCKET_EDGES_SECONDS[i] ?? h.maxSeconds, h.maxSeconds);
  }
  return h.maxSeconds;
}
