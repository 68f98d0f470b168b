import type { Finding } from '../model/finding.ts';
import { scrubSecrets } from '../text/scrub-secrets.ts';
import type { FindingWriter, ScanEnd } from './finding-writer.ts';

/**
 * Every string in a JSON-like value passed through {@link scrubSecrets} (other values as they are). What
 * holds no secret is returned as it is — the same object, not a copy — and only the objects on the way
 * to a scrubbed string are copied: most findings hold none, and copying each one cost more than
 * writing it.
 */
export function scrubDeep<T>(value: T): T {
  if (typeof value === 'string') return scrubSecrets(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const s = scrubDeep(v);
      if (s !== v) {
        out ??= value.slice();
        out[i] = s;
      }
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    const v = record[k];
    const s = scrubDeep(v);
    if (s !== v) {
      out ??= { ...record };
      out[k] = s;
    }
  }
  return (out ?? value) as T;
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
