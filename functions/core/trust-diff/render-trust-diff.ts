import { jsonSafe } from '../render/json-safe.ts';
import { terminalSafe } from '../render/terminal-safe.ts';
import type { TrustDiff, TrustDrift } from './trust-drift.ts';

function where(d: TrustDrift, configFile: string): string {
  const line = d.entry?.line;
  return d.entry === undefined ? '' : `  (${configFile}${line === undefined ? '' : `:${line}`})`;
}

function driftLines(d: TrustDrift, configFile: string): string[] {
  const lines = [
    `  ${d.kind}  ${d.roleArn ?? d.entry?.arn ?? ''}${where(d, configFile)}`,
    `      ${d.message}`,
  ];
  if (d.expected !== undefined) lines.push(`      expected: ${d.expected}`);
  if (d.actual !== undefined) lines.push(`      actual:   ${d.actual}`);
  return lines.map(terminalSafe);
}

/** The summary line of a diff, also printed on stderr by the other formats. */
export function renderTrustDiffSummary(diff: TrustDiff): string {
  const s = diff.summary;
  return (
    `trust diff: ${s.roles} IAM role(s) in ${s.accounts.length} account(s), ${s.entries} entr${s.entries === 1 ? 'y' : 'ies'}: ` +
    `${s.widening} where IAM lets in more than declared, ${s.other} other difference(s).`
  );
}

/**
 * A person's view of a diff: what IAM lets in beyond the trust file first, then the other differences.
 * Every value from IAM or the trust file is made terminal-safe.
 */
export function renderTrustDiffTable(diff: TrustDiff, configFile: string): string {
  const widening = diff.drifts.filter((d) => d.widens);
  const other = diff.drifts.filter((d) => !d.widens);
  const lines: string[] = [];
  if (widening.length === 0) lines.push('IAM lets in nothing beyond what the trust file declares.');
  else {
    lines.push(`IAM lets in more than the trust file declares (${widening.length}):`);
    for (const d of widening) lines.push(...driftLines(d, configFile));
  }
  if (other.length > 0) {
    lines.push('', `Other differences (${other.length}):`);
    for (const d of other) lines.push(...driftLines(d, configFile));
  }
  lines.push('', renderTrustDiffSummary(diff));
  return `${lines.join('\n')}\n`;
}

/** `{"summary": {...}, "drifts": [...]}` for machines. */
export function renderTrustDiffJson(diff: TrustDiff, configFile: string): string {
  return `${jsonSafe(JSON.stringify({ config: configFile, summary: diff.summary, drifts: diff.drifts }, null, 2))}\n`;
}
