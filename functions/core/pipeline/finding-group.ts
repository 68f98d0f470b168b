import type { Finding } from '../model/finding.ts';
import { sha256Hex } from '../text/sha256-hex.ts';

/**
 * What makes findings "the same problem": one rule, one role, one actor. A thousand denied calls of one
 * misconfigured job are one group. The scan table, the JSON outputs (`groupKey`) and the audit report
 * all group by this key: 16 hex characters of SHA-256 over the three, stable across runs.
 */
export function findingGroupKey(f: Finding): string {
  return sha256Hex(JSON.stringify([f.rule, f.role?.arn ?? '', f.actor.arn ?? f.actor.display])).slice(0, 16);
}
