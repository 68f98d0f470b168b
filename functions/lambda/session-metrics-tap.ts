import type { Tap } from '../core/pipeline/tap.ts';

/** Per-event values the Lambda metrics need beyond the result's counts. */
export interface SessionMetrics {
  /** `[eventName, grantedSeconds]` of each credential event that states its grant. */
  readonly granted: [string, number][];
  /** `eventTime` of each credential event, epoch milliseconds (judgement lag = now − these). */
  readonly eventTimesMs: number[];
}

/** Collects the granted session lengths and event times that the EMF metrics report per event. */
export const sessionMetricsTap: Tap<SessionMetrics> = {
  id: 'session-metrics',
  create: () => ({ granted: [], eventTimesMs: [] }),
  onEvent(acc, event) {
    if (event.session.grantedSeconds !== undefined) {
      acc.granted.push([event.eventName, event.session.grantedSeconds]);
    }
    if (event.eventTimeMs !== undefined) acc.eventTimesMs.push(event.eventTimeMs);
  },
  merge: (a, b) => ({
    granted: [...a.granted, ...b.granted],
    eventTimesMs: [...a.eventTimesMs, ...b.eventTimesMs],
  }),
};
