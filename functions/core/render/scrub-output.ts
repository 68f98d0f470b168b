import type { Finding } from '../model/finding.ts';
import { scrubSecrets } from '../text/scrub-secrets.ts';
import type { FindingWriter, ScanEnd } from './finding-writer.ts';

/** Every string in a JSON-like value passed through {@link scrubSecrets} (other values as they are). */
export function scrubDeep<T>(value: T): T {
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
 * A finding with token-shaped strings replaced by a marker wherever a record put them (a session token
 * pasted into a user agent, a secret key quoted in an error message, a role ARN carrying a token).
 */
export const scrubFinding = (f: Finding): Finding => scrubDeep(f);

/**
 * The writer every CLI output goes through: findings, input errors and warnings are scrubbed of
 * credential-shaped strings with the same function the Lambda logs and alert sinks use.
 */
export function scrubbingWriter(writer: FindingWriter): FindingWriter {
  return {
    begin: () => writer.begin(),
    finding: (f) => writer.finding(scrubFinding(f)),
    end: (end: ScanEnd) =>
      writer.end({ summary: end.summary, errors: scrubDeep(end.errors), warnings: scrubDeep(end.warnings) }),
  };
}
