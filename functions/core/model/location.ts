/**
 * Where a record came from, precise enough for a person to find it again:
 * `file` (path, S3 URL or "event"), a 1-based `line` for JSON Lines / CloudWatch
 * log events, and a JSON `path` such as `Records[3]` or `logEvents[2].message`.
 */
export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly path?: string;
}

export function formatLocation(loc: SourceLocation): string {
  let s = loc.file ?? '<input>';
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.path !== undefined && loc.path !== '') s += ` ${loc.path}`;
  return s;
}
