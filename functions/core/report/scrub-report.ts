import { scrubDeep } from '../render/scrub-output.ts';
import type { Report } from './report-schema.ts';

/**
 * The report with token-shaped strings replaced wherever a record put them (a session token in a user
 * agent, a secret key in an error message, a session name), as every other output does (scrubSecrets);
 * the findings in `findings.csv` go through `scrubFinding` of the CLI outputs.
 */
export const scrubReport = (report: Report): Report => scrubDeep(report);
