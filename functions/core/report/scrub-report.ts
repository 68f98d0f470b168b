import { scrubSecrets } from '../text/scrub-secrets.ts';
import type { Report } from './report-schema.ts';

function scrubDeep<T>(value: T): T {
  if (typeof value === 'string') return scrubSecrets(value) as T;
  if (Array.isArray(value)) return value.map(scrubDeep) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v);
    return out as T;
  }
  return value;
}

/**
 * The report with token-shaped strings replaced wherever a record put them (a session token in a user
 * agent, a secret key in an error message, a session name), as every other output does (scrubSecrets);
 * the findings in `findings.csv` go through `scrubFinding` of the CLI outputs.
 */
export const scrubReport = (report: Report): Report => scrubDeep(report);
