import { makeVisible } from '../text/invisible-characters.ts';
import { incompleteReasons } from './completeness.ts';
import { formatCount, formatTime } from './format-values.ts';
import type { Report } from './report-schema.ts';

const TOP_GROUPS = 5;

/** Record content in a plain-text message: one line, invisible characters shown, length bounded. */
function plain(text: string, max = 160): string {
  const line = makeVisible(text.replace(/[\r\n]+/g, ' '));
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/**
 * The short summary a scheduled report sends (SNS, e-mail): period, totals, the top finding groups and
 * the links. Plain text; record content is kept on one line with invisible characters made visible.
 */
export function reportSummaryText(
  r: Report,
  links: { readonly console?: string },
): { subject: string; body: string } {
  const since = formatTime(r.period.since ?? r.period.firstEventTime);
  const until = formatTime(r.period.until ?? r.period.lastEventTime);
  const active = r.findings.count - r.findings.suppressed;
  const partial = incompleteReasons(r);
  const lines = [
    `rolewatch audit report for ${since} → ${until}`,
    ...(partial === undefined
      ? []
      : [
          'INCOMPLETE: the numbers below cover only what was read, not the whole period.',
          ...partial.map((x) => `- ${plain(x, 400)}`),
        ]),
    `Sources: ${r.sources.map((s) => plain(s)).join(', ')}`,
    `Trust file: ${plain(r.trustFile.name)} (sha256 ${r.trustFile.sha256.slice(0, 16)}…)`,
    '',
    `${formatCount(r.totals.credentialEvents)} credential events (${formatCount(r.activity.calls)} calls), ` +
      `${formatCount(active)} findings (${formatCount(r.findings.suppressed)} suppressed) in ${formatCount(r.findings.groupCount)} groups, ` +
      `${formatCount(r.inputErrors.count)} input errors.`,
    `By severity: ${['critical', 'high', 'medium', 'low', 'info'].map((s) => `${r.findings.bySeverity[s] ?? 0} ${s}`).join(', ')}`,
  ];
  if (r.change !== undefined) {
    const f = r.change.totals.findings;
    lines.push(
      `Since the previous report: findings ${f?.previous ?? 0} → ${f?.current ?? 0}, ${r.change.newGroups.length} new groups, ${r.change.newPairs} new (actor, role) pairs.`,
    );
  }
  const unused = r.unusedTrust.roles.reduce(
    (n, role) => n + role.trustedPrincipals.filter((p) => p.status === 'unused').length,
    0,
  );
  lines.push(
    `Unused trust: ${unused} trusted principals never used; ${r.suppressions.expiringSoon.length} suppressions expire within 14 days.`,
  );
  if (r.findings.groups.length > 0) {
    lines.push('', 'Top finding groups:');
    for (const g of r.findings.groups.slice(0, TOP_GROUPS)) {
      lines.push(`- ${g.severity.toUpperCase()} ${g.rule} ×${g.count}: ${plain(g.title)}`);
    }
  }
  lines.push('');
  if (links.console !== undefined) lines.push(`In the S3 console: ${links.console}`);
  if (r.links.dashboard !== undefined) lines.push(`Dashboard: ${r.links.dashboard}`);
  const subject = `${partial === undefined ? '' : 'INCOMPLETE '}rolewatch report ${until.slice(0, 10)}: ${formatCount(active)} findings, ${formatCount(r.totals.credentialEvents)} credential events`;
  return { subject, body: `${lines.join('\n')}\n` };
}
