// The report's activity sections: calls over time, by role, actor and event name, session durations, new
// (actor, role) pairs and denied hot spots. Every record-derived string is escaped by the table cells.
import { escapeHtml as e } from './escape-html.ts';
import { formatCount, formatSeconds, formatTime, shortRole } from './format-values.ts';
import { capped, code, figure, num, TOP_ROWS, table, times } from './html-table.ts';
import { notItemisedDenied } from './not-itemised-denied.ts';
import type { Report } from './report-schema.ts';
import { barChart, durationHistogram, heatMap, seriesChart } from './svg-charts.ts';

/** Duration histograms shown, one per role. */
const HISTOGRAMS = 12;

export function activitySection(r: Report): string {
  const a = r.activity;
  const points = a.timeline.points.map((p) => ({
    label: a.timeline.bucket === 'hour' ? `${p.start.slice(5, 13).replace('T', ' ')}h` : p.start.slice(0, 10),
    total: p.calls,
    part: p.denied,
  }));
  const eventBars = a.byEventName.map((x) => ({ label: x.eventName, value: x.calls }));
  const zone = new Set(r.trustFile.accounts);
  const roleRows = a.byRole.slice(0, TOP_ROWS).map((x) => [
    code(x.roleArn ?? '(no role: GetSessionToken / GetFederationToken)'),
    num(x.calls),
    num(x.denied),
    num(x.distinctActors),
    {
      html: x.sessions.medianSeconds === undefined ? '–' : e(formatSeconds(x.sessions.medianSeconds)),
      num: true,
    },
    {
      html: x.sessions.count === 0 ? '–' : e(formatSeconds(x.sessions.maxSeconds)),
      num: true,
      ...(x.sessions.maxSeconds > x.maxSessionSeconds + 60 ? { className: 'status-unused' } : {}),
    },
    { html: e(formatSeconds(x.maxSessionSeconds)), num: true },
  ]);
  const histograms = a.byRole
    .filter((x) => x.roleArn !== null && x.sessions.count > 0)
    .slice(0, HISTOGRAMS)
    .map((x) =>
      figure(
        durationHistogram(
          x.sessions.histogram,
          a.durationBucketEdgesSeconds,
          x.maxSessionSeconds,
          `Granted session lengths of ${x.roleArn}`,
        ),
        `${shortRole(x.roleArn)}: ${formatCount(x.sessions.count)} sessions, limit ${formatSeconds(x.maxSessionSeconds)}`,
      ),
    )
    .join('');
  const actorRows = a.byActor.slice(0, TOP_ROWS).map((x) => [
    {
      html: `${e(x.actor.display)}${x.actor.arn === undefined ? '' : `<br><code>${e(x.actor.arn)}</code>`}`,
    },
    num(x.calls),
    num(x.denied),
    num(x.roles),
  ]);
  return (
    `<section id="activity"><h2>Activity</h2>` +
    `<p>${formatCount(a.calls)} calls (${formatCount(a.duplicateCopies)} second copies of cross-account calls not counted again` +
    `${a.duplicateRecords ? `; ${formatCount(a.duplicateRecords)} records delivered twice (same eventID) counted once` : ''}` +
    `${a.uncheckedRecords ? `; ${formatCount(a.uncheckedRecords)} counted without looking for a second delivery` : ''}` +
    `${a.untimed > 0 ? `; ${formatCount(a.untimed)} without an event time` : ''}).</p>` +
    figure(
      seriesChart(points, `Calls per ${a.timeline.bucket}`),
      `Calls per ${a.timeline.bucket} (UTC); denied calls in red`,
    ) +
    `<div class="charts">${figure(barChart(eventBars, 'Calls by event name', 420), 'Calls by event name')}` +
    figure(
      heatMap(
        a.accountMatrix.accounts,
        a.accountMatrix.cells,
        'Calls from source account (rows) to target account (columns)',
        zone,
      ),
      'Source account (rows) → target account (columns); accounts outside the zone of trust in red',
    ) +
    '</div>' +
    `<h3 id="roles">By role</h3>` +
    table(
      capped(
        'Roles by calls',
        Math.min(TOP_ROWS, a.byRole.length),
        a.byRole.length,
        `not shown (in report.json)${a.notItemised.roles ? `; ${formatCount(a.notItemised.roles)} calls on further roles not itemised` : ''}`,
      ),
      [
        'role',
        { html: 'calls', num: true },
        { html: 'denied', num: true },
        { html: 'actors', num: true },
        { html: 'median session', num: true },
        { html: 'longest', num: true },
        { html: 'limit', num: true },
      ],
      roleRows,
    ) +
    `<h3 id="durations">Session durations</h3><div class="charts">${histograms || '<p class="note">No granted sessions.</p>'}</div>` +
    `<h3 id="actors">By actor</h3>` +
    table(
      capped(
        'Actors by calls',
        Math.min(TOP_ROWS, a.byActor.length),
        a.byActor.length,
        `not shown (in report.json)${a.notItemised.actors ? `; ${formatCount(a.notItemised.actors)} calls by further actors not itemised` : ''}`,
      ),
      ['actor', { html: 'calls', num: true }, { html: 'denied', num: true }, { html: 'roles', num: true }],
      actorRows,
    ) +
    '</section>'
  );
}

export function pairsAndDeniedSection(r: Report): string {
  const deniedSpots = Math.max(r.deniedHotSpotCount ?? 0, r.deniedHotSpots.length);
  const basis =
    r.newPairs.basis === 'previous-report'
      ? 'not in the previous report'
      : 'first appearance in this period, latest first';
  return (
    `<section id="new-pairs"><h2>New (actor, role) pairs</h2>` +
    table(
      capped(
        `Pairs with a successful call, ${basis}`,
        Math.min(TOP_ROWS, r.newPairs.pairs.length),
        r.newPairs.pairs.length,
        'not shown (in report.json)',
      ),
      ['first granted', 'actor', 'role', { html: 'calls', num: true }],
      r.newPairs.pairs
        .slice(0, TOP_ROWS)
        .map((p) => [
          formatTime(p.firstGrantTime),
          p.actor.display,
          code(p.roleArn ?? '(no role)'),
          num(p.calls),
        ]),
    ) +
    `</section><section id="denied"><h2>Denied-call hot spots</h2>` +
    table(
      capped(
        'Denied calls by actor, role and error',
        Math.min(TOP_ROWS, r.deniedHotSpots.length),
        deniedSpots,
        (deniedSpots > r.deniedHotSpots.length
          ? `not shown (report.json lists ${formatCount(r.deniedHotSpots.length)}, most calls first)`
          : 'not shown (in report.json)') + notItemisedDenied(r),
      ),
      ['actor', 'role', 'error', { html: 'calls', num: true }, 'first / last'],
      r.deniedHotSpots
        .slice(0, TOP_ROWS)
        .map((d) => [
          d.actor.display,
          code(d.roleArn ?? '(unknown role)'),
          code(d.errorCode),
          num(d.calls),
          times(d.firstTime, d.lastTime),
        ]),
    ) +
    '</section>'
  );
}
