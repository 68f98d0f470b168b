import { SEVERITIES } from '../model/severity.ts';
import { incompleteReasons } from './completeness.ts';
import { escapeHtml as e } from './escape-html.ts';
import { formatCount, formatDelta, formatTime } from './format-values.ts';
import { capped, code, figure, num, rule, sev, TOP_ROWS, table, times } from './html-table.ts';
import { nothingJudged } from './nothing-judged.ts';
import { activitySection, pairsAndDeniedSection } from './render-html-activity.ts';
import type { Report } from './report-schema.ts';
import { REPORT_CSS } from './report-style.ts';
import { barChart } from './svg-charts.ts';

/** Loads nothing from anywhere, runs nothing: styles inline, images (none today) only as data: URLs. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const TOP_GROUPS = 25;
const INPUT_ERRORS_SHOWN = 20;

function header(r: Report): string {
  const period = `${formatTime(r.period.since ?? r.period.firstEventTime)} → ${formatTime(r.period.until ?? r.period.lastEventTime ?? r.generatedAt)}`;
  const dashboard =
    r.links.dashboard === undefined ? '' : ` · <a href="${e(r.links.dashboard)}">CloudWatch dashboard</a>`;
  return (
    `<header><h1>rolewatch audit report</h1><p class="meta">Period ${e(period)} · generated ${e(formatTime(r.generatedAt))} ` +
    `by rolewatch ${e(r.generator.version)}${dashboard}</p>` +
    `<p class="meta">Trust file <code>${e(r.trustFile.name)}</code> (sha256 <code>${e(r.trustFile.sha256.slice(0, 16))}…</code>, ` +
    `${r.trustFile.roles} role entries, ${r.trustFile.suppressions} suppressions) · sources ` +
    `${r.sources.map((s) => `<code>${e(s)}</code>`).join(', ')}</p></header>`
  );
}

/** First thing after the header: a report over partial data says so before any number is read. */
function incomplete(r: Report): string {
  const reasons = incompleteReasons(r);
  if (reasons === undefined) return '';
  return (
    '<section id="incomplete" class="incomplete" role="alert"><h2>Incomplete report</h2>' +
    '<p>The numbers below cover only what was read; they are not the whole period.</p>' +
    `<ul>${reasons.map((x) => `<li>${e(x)}</li>`).join('')}</ul></section>`
  );
}

function cards(r: Report): string {
  const active = r.findings.count - r.findings.suppressed;
  const items: [string, number][] = [
    ['files', r.totals.files],
    ['records', r.totals.records],
    ['credential events', r.totals.credentialEvents],
    ...(r.totals.outsidePeriod ? [['outside the period', r.totals.outsidePeriod] as [string, number]] : []),
    ['calls (cross-account once)', r.activity.calls],
    ['findings', active],
    ['suppressed findings', r.findings.suppressed],
    ['input errors', r.inputErrors.count],
    ['roles assumed', r.activity.byRole.filter((x) => x.roleArn !== null).length],
    ['actors', r.activity.byActor.length],
  ];
  return `<div class="cards">${items.map(([k, n]) => `<div class="card"><div class="n">${formatCount(n)}</div><div class="k">${e(k)}</div></div>`).join('')}</div>`;
}

function change(r: Report): string {
  const c = r.change;
  if (c === undefined) return '';
  const rows = Object.entries(c.totals).map(([k, d]) => [
    k,
    num(d.previous),
    num(d.current),
    { html: e(formatDelta(d.previous, d.current)), num: true },
  ]);
  const sevRows = SEVERITIES.filter((s) => c.bySeverity[s] !== undefined)
    .reverse()
    .map((s) => {
      const d = c.bySeverity[s] ?? { previous: 0, current: 0 };
      return [
        sev(s),
        num(d.previous),
        num(d.current),
        { html: e(formatDelta(d.previous, d.current)), num: true },
      ];
    });
  const groups = (list: typeof c.newGroups) =>
    list.slice(0, TOP_ROWS).map((g) => [sev(g.severity), rule(g.rule), { html: e(g.key) }, num(g.count)]);
  return (
    `<section id="change"><h2>Change since the previous report</h2><p class="meta">Previous report generated ${e(formatTime(c.previousGeneratedAt))} ` +
    `for ${e(formatTime(c.previousPeriod.since))} → ${e(formatTime(c.previousPeriod.until))}; ${formatCount(c.newPairs)} new (actor, role) pairs.</p>` +
    table(
      'Totals',
      ['', { html: 'previous', num: true }, { html: 'now', num: true }, { html: 'change', num: true }],
      rows,
    ) +
    table(
      'Findings by severity',
      [
        'severity',
        { html: 'previous', num: true },
        { html: 'now', num: true },
        { html: 'change', num: true },
      ],
      sevRows,
    ) +
    table(
      capped(
        'New finding groups',
        Math.min(TOP_ROWS, c.newGroups.length),
        c.newGroups.length,
        'not shown (in report.json)',
      ),
      ['severity', 'rule', 'group', { html: 'findings', num: true }],
      groups(c.newGroups),
    ) +
    table(
      capped(
        'Groups that did not recur',
        Math.min(TOP_ROWS, c.resolvedGroups.length),
        c.resolvedGroups.length,
        'not shown (in report.json)',
      ),
      ['severity', 'rule', 'group', { html: 'findings', num: true }],
      groups(c.resolvedGroups),
    ) +
    '</section>'
  );
}

function findings(r: Report): string {
  const f = r.findings;
  const sevBars = [...SEVERITIES]
    .reverse()
    .map((s) => ({ label: s, value: f.bySeverity[s] ?? 0, className: s }));
  const ruleBars = Object.entries(f.byRule)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([label, value]) => ({ label, value }));
  const groups = f.groups.slice(0, TOP_GROUPS).map((g) => {
    const evidence =
      `<dl class="evidence"><dt>expected</dt><dd>${e(g.evidence.expected)}</dd><dt>actual</dt><dd>${e(g.evidence.actual)}</dd>` +
      (g.evidence.note === undefined ? '' : `<dt>note</dt><dd>${e(g.evidence.note)}</dd>`) +
      `<dt>remediation</dt><dd>${e(g.remediation)}</dd>` +
      (g.sessionName === undefined ? '' : `<dt>session</dt><dd><code>${e(g.sessionName)}</code></dd>`) +
      (g.sourceIp === undefined ? '' : `<dt>source IP</dt><dd><code>${e(g.sourceIp)}</code></dd>`) +
      (g.userAgent === undefined ? '' : `<dt>user agent</dt><dd><code>${e(g.userAgent)}</code></dd>`) +
      '</dl>';
    return [
      sev(g.severity),
      rule(g.rule),
      num(g.count),
      times(g.firstTime, g.lastTime),
      {
        html:
          `<strong>${e(g.title)}</strong><br>role <code>${e(g.roleArn ?? '(none)')}</code> · actor ${e(g.actor.display)}` +
          (g.suppressed > 0 ? ` · ${formatCount(g.suppressed)} suppressed` : '') +
          evidence,
      },
    ];
  });
  return (
    `<section id="findings"><h2>Findings</h2><p>${formatCount(f.count)} findings (${formatCount(f.suppressed)} suppressed) in ` +
    `${formatCount(f.groupCount)} groups: one group per rule, role and actor, as in <code>scan</code>'s table.` +
    (f.ungrouped > 0
      ? ` ${formatCount(f.ungrouped)} findings beyond the grouping limit are counted but not grouped.`
      : '') +
    `</p><div class="charts">${figure(barChart(sevBars, 'Findings by severity', 360), 'Findings by severity (suppressed included)')}` +
    `${figure(barChart(ruleBars, 'Findings by rule'), 'Findings by rule')}</div>` +
    table(
      capped(
        'Finding groups, most severe and largest first',
        Math.min(TOP_GROUPS, f.groups.length),
        f.groupCount,
        `not shown (report.json lists ${formatCount(f.groups.length)}; findings.csv has every finding)`,
      ),
      ['severity', 'rule', { html: 'findings', num: true }, 'first / last', 'what, evidence and remediation'],
      groups,
    ) +
    '</section>'
  );
}

function suppressions(r: Report): string {
  const s = r.suppressions;
  return (
    `<section id="suppressions"><h2>Suppressions</h2>` +
    table(
      'Suppressed findings by suppression',
      ['rule', 'owner', 'reason', 'expires', { html: 'findings', num: true }],
      s.used.map((u) => [rule(u.rule), u.owner, u.reason, u.expires, num(u.findings)]),
    ) +
    table(
      'Expiring within 14 days',
      ['rule', 'role', 'owner', 'reason', 'expires', { html: 'days left', num: true }],
      s.expiringSoon.map((x) => [rule(x.rule), code(x.role), x.owner, x.reason, x.expires, num(x.daysLeft)]),
    ) +
    table(
      'Expired (no longer applied)',
      ['rule', 'role', 'owner', 'reason', 'expired'],
      s.expired.map((x) => [rule(x.rule), code(x.role), x.owner, x.reason, x.expires]),
    ) +
    '</section>'
  );
}

function unusedTrust(r: Report): string {
  const u = r.unusedTrust;
  const rows = u.roles.flatMap((role) =>
    role.trustedPrincipals
      .filter((p) => p.status !== 'used')
      .map((p) => [
        code(role.entry),
        code(p.principal),
        {
          html: `<span class="status-${p.status}">${p.status === 'unused' ? 'never used' : 'possibly (account only)'}</span>`,
        },
      ]),
  );
  return (
    `<section id="unused-trust"><h2>Unused trust</h2><p>Trusted principals that assumed none of the entry's roles in the period: ` +
    `candidates for removal.${u.complete ? '' : ' <strong>Incomplete:</strong> more (actor, role) pairs were seen than kept; a principal listed here may have been used.'}</p>` +
    (nothingJudged(r) ? `<p class="note"><strong>${e(nothingJudged(r) ?? '')}</strong></p>` : '') +
    table('Trusted principals without a successful call', ['entry', 'trusted principal', 'status'], rows) +
    table(
      'Entries that applied to no call',
      ['entry', { html: 'line', num: true }],
      u.entriesWithoutCalls.map((x) => [
        code(x.entry),
        { html: x.line === undefined ? '' : String(x.line), num: true },
      ]),
    ) +
    '</section>'
  );
}

function inputErrors(r: Report): string {
  if (r.inputErrors.count === 0) return '';
  return (
    `<section id="input-errors"><h2>Input errors</h2><p>${formatCount(r.inputErrors.count)} inputs or records could not be read; they are counted, not judged.</p>` +
    table(
      capped(
        'Input errors',
        Math.min(INPUT_ERRORS_SHOWN, r.inputErrors.shown.length),
        r.inputErrors.count,
        `not shown (report.json lists ${formatCount(r.inputErrors.shown.length)})`,
      ),
      ['where', 'kind', 'why'],
      r.inputErrors.shown.slice(0, INPUT_ERRORS_SHOWN).map((x) => [code(x.location), x.kind, x.message]),
    ) +
    '</section>'
  );
}

/**
 * The audit report as one self-contained HTML page: inline CSS and SVG, no script, no external asset,
 * a Content-Security-Policy that forbids loading anything. Every string from a record or a trust file
 * goes through {@link e} (`escapeHtml`).
 */
export function renderReportHtml(r: Report): string {
  const nav = [
    ['findings', 'Findings'],
    ['suppressions', 'Suppressions'],
    ['unused-trust', 'Unused trust'],
    ['activity', 'Activity'],
    ['roles', 'Roles'],
    ['durations', 'Session durations'],
    ['actors', 'Actors'],
    ['new-pairs', 'New pairs'],
    ['denied', 'Denied calls'],
  ];
  if (r.change !== undefined) nav.unshift(['change', 'Change']);
  if (r.inputErrors.count > 0) nav.push(['input-errors', 'Input errors']);
  const partial = incompleteReasons(r) === undefined ? '' : 'INCOMPLETE ';
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">' +
    `<title>${partial}rolewatch audit report ${e(formatTime(r.period.since ?? r.period.firstEventTime))} – ${e(formatTime(r.period.until ?? r.period.lastEventTime))}</title>` +
    `<style>${REPORT_CSS}</style></head><body>` +
    header(r) +
    incomplete(r) +
    `<nav><ul>${nav.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`).join('')}</ul></nav>` +
    cards(r) +
    change(r) +
    findings(r) +
    suppressions(r) +
    unusedTrust(r) +
    activitySection(r) +
    pairsAndDeniedSection(r) +
    inputErrors(r) +
    `<footer><p class="note">report.json schema version ${r.schemaVersion}. Totals are <code>rolewatch scan --format json</code>'s summary over the same inputs.</p></footer>` +
    '</body></html>\n'
  );
}
