import { SEVERITIES } from '../model/severity.ts';
import { makeVisible } from '../text/invisible-characters.ts';
import { incompleteReasons } from './completeness.ts';
import { formatCount, formatDelta, formatSeconds, formatTime } from './format-values.ts';
import { notItemisedDenied } from './not-itemised-denied.ts';
import { nothingJudged } from './nothing-judged.ts';
import type { Report } from './report-schema.ts';

const TOP = 10;
const INPUT_ERRORS_SHOWN = 20;

/**
 * A Markdown table cell (or inline text): HTML special characters become entities (renderers pass raw
 * HTML through), Markdown punctuation is backslash-escaped so that record content cannot make links,
 * images, emphasis or new table columns — nor GFM's autolinks, which a bare `https://…`, `www.…` or
 * e-mail address would become (`\://`, `www\.`, `\@` render as the same text, unlinked) — line breaks
 * become spaces, and invisible or direction-changing characters (controls such as ESC, bidi overrides,
 * zero-width characters) visible `\u{…}` escapes.
 */
export function escapeMarkdown(text: string): string {
  return makeVisible(
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]()|~]/g, (c) => `\\${c}`)
      .replace(/:\/\//g, '\\://')
      .replace(/(www)\./gi, '$1\\.')
      .replace(/@/g, '\\@')
      .replace(/[\r\n\u2028\u2029]+/g, ' '),
  );
}

const m = escapeMarkdown;

function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly ('l' | 'r')[],
): string {
  if (rows.length === 0) return '_None._\n';
  const sep = head.map((_, i) => (align?.[i] === 'r' ? '--:' : '---'));
  return `${[head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`;
}

/**
 * The audit report for a ticket or a pull request: totals, change, findings by severity and rule, the
 * top groups with evidence and remediation, suppressions, unused trust, busiest roles, new pairs and
 * denied-call hot spots. Every string from a record or a trust file is escaped ({@link escapeMarkdown}).
 */
export function renderReportMarkdown(r: Report): string {
  const out: string[] = [];
  const since = formatTime(r.period.since ?? r.period.firstEventTime);
  // A period with no end runs to when the report was made.
  const until = formatTime(r.period.until ?? r.period.lastEventTime ?? r.generatedAt);
  const partial = incompleteReasons(r);
  out.push(
    `# ${partial === undefined ? '' : 'INCOMPLETE '}rolewatch audit report, ${m(since)} → ${m(until)}\n`,
  );
  if (partial !== undefined) {
    out.push(
      `> **Incomplete report: the numbers below cover only what was read, not the whole period.**\n${partial.map((x) => `> - ${m(x)}`).join('\n')}\n`,
    );
  }
  out.push(
    `Generated ${m(formatTime(r.generatedAt))} by rolewatch ${m(r.generator.version)} from ${r.sources.map(m).join(', ')} ` +
      `with trust file ${m(r.trustFile.name)} (sha256 ${m(r.trustFile.sha256)}).` +
      (r.links.dashboard === undefined ? '' : ` [CloudWatch dashboard](${encodeURI(r.links.dashboard)})`) +
      '\n',
  );
  out.push(
    table(
      ['files', 'records', 'credential events', 'calls', 'findings', 'suppressed', 'input errors'],
      [
        [
          r.totals.files,
          r.totals.records,
          r.totals.credentialEvents,
          r.activity.calls,
          r.findings.count,
          r.findings.suppressed,
          r.inputErrors.count,
        ].map(formatCount),
      ],
      ['r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  if (r.change !== undefined) {
    const c = r.change;
    out.push(`## Change since the previous report (${m(formatTime(c.previousGeneratedAt))})\n`);
    out.push(
      table(
        ['', 'previous', 'now', 'change'],
        Object.entries(c.totals).map(([k, d]) => [
          m(k),
          formatCount(d.previous),
          formatCount(d.current),
          formatDelta(d.previous, d.current),
        ]),
        ['l', 'r', 'r', 'r'],
      ),
    );
    out.push(
      `${formatCount(c.newGroups.length)} new finding groups, ${formatCount(c.resolvedGroups.length)} that did not recur, ${formatCount(c.newPairs)} new (actor, role) pairs.\n`,
    );
  }
  out.push('## Findings\n');
  out.push(
    table(
      ['severity', 'findings'],
      [...SEVERITIES]
        .reverse()
        .filter((s) => (r.findings.bySeverity[s] ?? 0) > 0)
        .map((s) => [s, formatCount(r.findings.bySeverity[s] ?? 0)]),
      ['l', 'r'],
    ),
  );
  out.push(
    table(
      ['rule', 'findings'],
      Object.entries(r.findings.byRule)
        .sort(([, a], [, b]) => b - a)
        .map(([k, v]) => [`\`${k}\``, formatCount(v)]),
      ['l', 'r'],
    ),
  );
  if (r.findings.groupCount > 0) {
    out.push(
      `### Top ${Math.min(TOP, r.findings.groups.length)} of ${formatCount(r.findings.groupCount)} groups (rule, role, actor)\n`,
    );
    out.push(
      table(
        ['severity', 'rule', 'findings', 'first', 'last', 'role', 'actor'],
        r.findings.groups
          .slice(0, TOP)
          .map((g) => [
            g.severity,
            `\`${g.rule}\``,
            formatCount(g.count),
            m(formatTime(g.firstTime)),
            m(formatTime(g.lastTime)),
            m(g.roleArn ?? '(none)'),
            m(g.actor.display),
          ]),
        ['l', 'l', 'r', 'l', 'l', 'l', 'l'],
      ),
    );
    for (const g of r.findings.groups.slice(0, TOP)) {
      out.push(
        `- **${m(g.title)}** (${g.severity}, ${formatCount(g.count)}×): expected ${m(g.evidence.expected)}; actual ${m(g.evidence.actual)}. _Remediation:_ ${m(g.remediation)}`,
      );
    }
  }
  out.push('');
  const s = r.suppressions;
  out.push('## Suppressions\n');
  out.push(
    table(
      ['rule', 'owner', 'reason', 'expires', 'findings'],
      s.used.map((u) => [`\`${u.rule}\``, m(u.owner), m(u.reason), m(u.expires), formatCount(u.findings)]),
      ['l', 'l', 'l', 'l', 'r'],
    ),
  );
  if (s.expiringSoon.length > 0)
    out.push(
      `**Expiring within 14 days:** ${s.expiringSoon.map((x) => `${m(x.rule)} on ${m(x.role)} (${m(x.owner)}, ${m(x.expires)})`).join('; ')}\n`,
    );
  if (s.expired.length > 0)
    out.push(
      `**Expired:** ${s.expired.map((x) => `${m(x.rule)} on ${m(x.role)} (${m(x.owner)}, ${m(x.expires)})`).join('; ')}\n`,
    );
  out.push('## Unused trust\n');
  const empty = nothingJudged(r);
  if (empty !== undefined) out.push(`**${empty}**\n`);
  const unused = r.unusedTrust.roles.flatMap((role) =>
    role.trustedPrincipals
      .filter((p) => p.status !== 'used')
      .map((p) => [
        m(role.entry),
        m(p.principal),
        p.status === 'unused' ? 'never used' : 'possibly (account only)',
      ]),
  );
  out.push(table(['entry', 'trusted principal', 'status'], unused));
  if (r.unusedTrust.entriesWithoutCalls.length > 0)
    out.push(
      `Entries that applied to no call: ${r.unusedTrust.entriesWithoutCalls.map((x) => m(x.entry)).join(', ')}\n`,
    );
  out.push('## Busiest roles\n');
  out.push(
    table(
      ['role', 'calls', 'denied', 'actors', 'median', 'longest', 'limit'],
      r.activity.byRole
        .slice(0, TOP)
        .map((x) => [
          m(x.roleArn ?? '(no role)'),
          formatCount(x.calls),
          formatCount(x.denied),
          formatCount(x.distinctActors),
          x.sessions.medianSeconds === undefined ? '–' : formatSeconds(x.sessions.medianSeconds),
          x.sessions.count === 0 ? '–' : formatSeconds(x.sessions.maxSeconds),
          formatSeconds(x.maxSessionSeconds),
        ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push(
    `## New (actor, role) pairs (${r.newPairs.basis === 'previous-report' ? 'not in the previous report' : 'first appearance in this period'})\n`,
  );
  out.push(
    table(
      ['first granted', 'actor', 'role', 'calls'],
      r.newPairs.pairs
        .slice(0, TOP)
        .map((p) => [
          m(formatTime(p.firstGrantTime)),
          m(p.actor.display),
          m(p.roleArn ?? '(no role)'),
          formatCount(p.calls),
        ]),
      ['l', 'l', 'l', 'r'],
    ),
  );
  out.push('## Denied-call hot spots\n');
  const deniedSpots = Math.max(r.deniedHotSpotCount ?? 0, r.deniedHotSpots.length);
  const deniedShown = Math.min(TOP, r.deniedHotSpots.length);
  if (deniedSpots > deniedShown) {
    out.push(
      `The first ${formatCount(deniedShown)} of ${formatCount(deniedSpots)} (actor, role, error) spots, most calls first; ` +
        `report.json lists ${formatCount(r.deniedHotSpots.length)}${notItemisedDenied(r)}.\n`,
    );
  }
  out.push(
    table(
      ['actor', 'role', 'error', 'calls'],
      r.deniedHotSpots
        .slice(0, TOP)
        .map((d) => [
          m(d.actor.display),
          m(d.roleArn ?? '(unknown role)'),
          m(d.errorCode),
          formatCount(d.calls),
        ]),
      ['l', 'l', 'l', 'r'],
    ),
  );
  if (r.inputErrors.count > 0) {
    out.push('## Input errors\n');
    out.push(
      `${formatCount(r.inputErrors.count)} inputs or records could not be read; they are counted, not judged.\n`,
    );
    out.push(
      table(
        ['where', 'kind', 'why'],
        r.inputErrors.shown.slice(0, INPUT_ERRORS_SHOWN).map((x) => [m(x.location), m(x.kind), m(x.message)]),
      ),
    );
    if (r.inputErrors.count > INPUT_ERRORS_SHOWN)
      out.push(
        `${formatCount(r.inputErrors.count - Math.min(INPUT_ERRORS_SHOWN, r.inputErrors.shown.length))} more not listed here (report.json lists the first ${r.inputErrors.shown.length}).\n`,
      );
  }
  return `${out.join('\n')}\n`;
}
