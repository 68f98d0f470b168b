import type { Finding } from '../model/finding.ts';

/**
 * What makes findings "the same problem": one rule, one role, one actor. A thousand denied calls of one
 * misconfigured job are one group. The scan table, the JSON outputs (`groupKey`) and the audit report
 * all group by this key.
 */
export function findingGroupKey(f: Finding): string {
  return JSON.stringify([f.rule, f.role?.arn ?? '', f.actor.arn ?? f.actor.display]);
}
