import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod/mini';
import { err, ok, type Result } from '../model/result.ts';
import type { ConfigIssue, RoleEntry, RuleSetting, Suppression, TrustConfig } from '../model/trust-config.ts';
import { badIndent } from './bad-indent.ts';
import { broadSuppression } from './broad-suppression.ts';
import { checkEntries } from './check-entries.ts';
import { closestKey } from './closest-key.ts';
import { quoted } from './quote-value.ts';
import { KNOWN_KEYS, type TrustConfigOutput, TrustConfigSchema } from './trust-config-schema.ts';
import { formatKeyPath, locate, pathAtOffset } from './yaml-positions.ts';

export interface ParseTrustConfigOptions {
  /** The moment expiry is judged against (default: now). */
  readonly now?: Date;
}

export interface ParsedTrustConfig {
  readonly config: TrustConfig;
  /** Problems that do not stop the file from being used, e.g. an expired suppression. */
  readonly warnings: ConfigIssue[];
}

// Billion-laughs guard: a trust file has no reason to expand aliases more than this.
const MAX_ALIAS_COUNT = 100;

class IssueCollector {
  readonly issues: ConfigIssue[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number | undefined, key: string, message: string): ConfigIssue {
    if (offset === undefined) return { file: this.file, key, message };
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col, key, message };
  }

  add(offset: number | undefined, key: string, message: string): void {
    this.issues.push(this.at(offset, key, message));
  }
}

const describeValue = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${quoted(v)}`;
  return `${typeof v} ${String(v)}`;
};

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  date: 'a date',
};

/** The known-keys table is indexed by path with list indices dropped (and rule ids as `rules.*`). */
const shapeKey = (path: readonly PropertyKey[]): string =>
  path[0] === 'rules' && path.length === 2
    ? 'rules.*'
    : formatKeyPath(path.filter((s) => typeof s !== 'number')) +
      (typeof path.at(-1) === 'number' ? '[]' : '');

function messageFor(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  const key = issue.path.at(-1);
  const isValueIssue =
    issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union';
  if (input === undefined && isValueIssue && typeof key === 'string') {
    const expected =
      issue.code === 'invalid_type' ? ` (${EXPECTED_NAMES[issue.expected] ?? issue.expected})` : '';
    return `missing required key '${key}'${expected}`;
  }
  switch (issue.code) {
    case 'invalid_type': {
      // A schema's own wording (`.int('must be a whole number of seconds')`) says more than the type name.
      if (!issue.message.startsWith('Invalid input'))
        return `${issue.message}, found ${describeValue(input)}`;
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
      return `expected ${expected}, found ${describeValue(input)}`;
    }
    case 'invalid_value':
      if (issue.message.startsWith('Invalid')) {
        return `${describeValue(input)} is not one of ${issue.values.map((v) => String(v)).join(', ')}`;
      }
      return `${issue.message}, found ${describeValue(input)}`;
    case 'invalid_key':
      return issue.issues[0]?.message ?? issue.message;
    case 'invalid_union':
      return `expected a date (YYYY-MM-DD), found ${describeValue(input)}`;
    case 'too_small':
    case 'too_big': {
      // Quote what was found, as every other message does (`must be at least 900 …, found 100`).
      const found = typeof input === 'number' ? `, found ${String(input)}` : '';
      if (issue.message.startsWith('Too')) {
        const bound = issue.code === 'too_small' ? 'at least' : 'at most';
        const unit = issue.origin === 'array' ? ' entries' : issue.origin === 'string' ? ' characters' : '';
        return `must be ${bound} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}${unit}${found}`;
      }
      return `${issue.message}${found}`;
    }
    default:
      return issue.message;
  }
}

function collectSchemaIssues(doc: Document, issues: readonly z.core.$ZodIssue[], out: IssueCollector): void {
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const valid = KNOWN_KEYS[shapeKey(issue.path)] ?? [];
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const where = locate(doc, path);
        const suggestion = closestKey(key, valid);
        const hint =
          suggestion === undefined ? ` (valid keys: ${valid.join(', ')})` : `; did you mean '${suggestion}'?`;
        out.add(
          (where.keyNode ?? where.node)?.range?.[0],
          formatKeyPath(path),
          `unknown key ${quoted(key)}${hint}`,
        );
      }
      continue;
    }
    const where = locate(doc, issue.path);
    const atKey = issue.code === 'invalid_key';
    const node = where.found && !atKey ? where.node : (where.keyNode ?? where.node);
    out.add(node?.range?.[0], formatKeyPath(issue.path), messageFor(issue));
  }
}

const ACCOUNT_ID_LISTS: readonly (readonly PropertyKey[])[] = [['accounts']];

/**
 * An unquoted 12-digit account id is read by YAML as a number. Read the digits from the source instead,
 * and refuse a leading zero, which the number has already lost (and which other YAML readers may treat
 * as octal).
 */
function recoverAccountIds(doc: Document, text: string, out: IssueCollector): void {
  const lists: (readonly PropertyKey[])[] = [...ACCOUNT_ID_LISTS];
  const roles = locate(doc, ['roles']);
  if (roles.found && isSeq(roles.node)) {
    roles.node.items.forEach((_, i) => {
      lists.push(['roles', i, 'trustedPrincipals']);
    });
  }
  for (const listPath of lists) {
    const list = locate(doc, listPath);
    if (!list.found || !isSeq(list.node)) continue;
    list.node.items.forEach((item, i) => {
      if (
        !isScalar(item) ||
        typeof item.value !== 'number' ||
        item.range === undefined ||
        item.range === null
      )
        return;
      const source = text.slice(item.range[0], item.range[1]);
      if (item.type !== 'PLAIN' || !/^[0-9]+$/.test(source)) return;
      if (source.startsWith('0')) {
        out.add(
          item.range[0],
          formatKeyPath([...listPath, i]),
          `quote account ids: YAML reads the unquoted ${source} as the number ${String(item.value)}, ` +
            `dropping the leading zero; write "${source}"`,
        );
      }
      item.value = source;
    });
  }
}

function lineOf(doc: Document, path: readonly PropertyKey[], lines: LineCounter): number | undefined {
  const where = locate(doc, path);
  const offset = where.found ? where.node?.range?.[0] : undefined;
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function buildConfig(
  parsed: TrustConfigOutput,
  doc: Document,
  lines: LineCounter,
  file: string,
  nowMs: number,
  warnings: IssueCollector,
): TrustConfig {
  const roles = parsed.roles.map((r, i): RoleEntry => {
    const line = lineOf(doc, ['roles', i], lines);
    // Every field present (absent ones undefined): one object shape for all entries (see RoleEntry).
    return {
      arn: r.arn,
      trustedPrincipals: r.trustedPrincipals,
      oidcSubjects: r.oidcSubjects,
      maxSessionSeconds: r.maxSessionSeconds,
      requireMfa: r.requireMfa,
      requireExternalId: r.requireExternalId,
      requireSourceIdentity: r.requireSourceIdentity,
      sessionNamePattern: r.sessionNamePattern,
      sourceCidrs: r.sourceCidrs,
      allowChaining: r.allowChaining,
      severity: r.severity,
      line,
    };
  });
  const suppressions: Suppression[] = [];
  parsed.suppressions.forEach((s, i) => {
    const line = lineOf(doc, ['suppressions', i], lines);
    const suppression: Suppression = {
      rule: s.rule,
      role: s.role,
      actor: s.actor,
      expires: s.expires.expires,
      expiresMs: s.expires.expiresMs,
      reason: s.reason,
      owner: s.owner,
      line,
    };
    if (nowMs > suppression.expiresMs) {
      const where = locate(doc, ['suppressions', i, 'expires']);
      warnings.add(
        where.node?.range?.[0],
        `suppressions[${i}]`,
        `suppression of ${s.rule} on ${s.role}${s.actor === undefined ? '' : ` for ${s.actor}`} expired on ` +
          `${s.expires.expires} (owner ${s.owner}); it no longer applies`,
      );
      return;
    }
    const broad = broadSuppression(suppression);
    if (broad !== undefined) {
      const where = locate(doc, ['suppressions', i, 'role']);
      warnings.add(where.node?.range?.[0], `suppressions[${i}]`, `suppression of ${s.rule} ${broad}`);
    }
    suppressions.push(suppression);
  });
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(parsed.rules)) {
    rules[id] = {
      severity: setting.severity,
      enabled: setting.enabled,
      line: lineOf(doc, ['rules', id], lines),
    };
  }
  return {
    version: 1,
    accounts: parsed.accounts,
    defaults: parsed.defaults,
    roles,
    suppressions,
    thresholds: parsed.thresholds,
    rules,
    source: file,
  };
}

/**
 * A key indented out of line with its neighbours, reported at the key itself and under the path it was
 * meant to have (next to the key above it), not at the key before it where YAML's offset points.
 */
function misindentedKey(
  doc: Document,
  text: string,
  offset: number,
  lines: LineCounter,
): { offset: number; key: string; message: string } | undefined {
  const indent = badIndent(text, offset, lines);
  if (indent === undefined) return undefined;
  const sibling = indent.siblingOffset === undefined ? [] : pathAtOffset(doc, indent.siblingOffset);
  const path =
    sibling.length === 0 ? pathAtOffset(doc, indent.offset) : [...sibling.slice(0, -1), indent.key];
  return { offset: indent.offset, key: formatKeyPath(path), message: indent.message };
}

/**
 * Parses and validates a trust file (CONTRACT §2). Every problem is collected, each naming the file, the
 * line and column, and the key path (`roles[1].sourceCidrs[0]`); nothing throws. Expired suppressions are
 * left out of the config and reported as warnings.
 *
 * @example
 * const r = parseTrustConfig(text, 'rolewatch.yaml');
 * if (!r.ok) for (const i of r.error) console.error(formatConfigIssue(i));
 */
export function parseTrustConfig(
  text: string,
  file: string,
  options: ParseTrustConfigOptions = {},
): Result<ParsedTrustConfig, ConfigIssue[]> {
  const lines = new LineCounter();
  const errors = new IssueCollector(file, lines);
  const warnings = new IssueCollector(file, lines);
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });

  for (const e of doc.errors) {
    const offset = e.pos[0];
    const path = pathAtOffset(doc, offset);
    if (e.code === 'DUPLICATE_KEY') {
      const name = path.at(-1);
      errors.add(
        offset,
        formatKeyPath(path),
        `duplicate key ${quoted(String(name))} (YAML would keep only the last one)`,
      );
    } else if (e.code === 'BAD_INDENT') {
      const issue = misindentedKey(doc, text, offset, lines);
      if (issue === undefined) {
        const flow = /^Flow (sequence|map)/.exec(e.message)?.[1];
        const hint =
          flow === undefined ? '' : ` (is a '${flow === 'sequence' ? '[' : '{'}' above this line left open?)`;
        errors.add(
          offset,
          formatKeyPath(path),
          `YAML syntax error: ${e.message.split('\n')[0] ?? e.code}${hint}`,
        );
      } else errors.add(issue.offset, issue.key, issue.message);
    } else if (e.code === 'MULTIPLE_DOCS') {
      errors.add(
        offset,
        formatKeyPath(path),
        'a trust file holds one YAML document; remove the `---` separator',
      );
    } else {
      errors.add(offset, formatKeyPath(path), `YAML syntax error: ${e.message.split('\n')[0] ?? e.code}`);
    }
  }
  for (const w of doc.warnings) {
    warnings.add(w.pos[0], formatKeyPath(pathAtOffset(doc, w.pos[0])), w.message.split('\n')[0] ?? w.code);
  }
  // A broken structure would only produce confusing follow-up errors; duplicate keys leave it intact.
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return err(errors.issues);

  if (doc.contents === null || !isMap(doc.contents)) {
    const found = doc.contents === null ? 'the file is empty' : `found ${describeValue(doc.toJS())}`;
    errors.add(
      doc.contents?.range?.[0] ?? 0,
      '',
      `a trust file is a mapping with at least 'version: 1'; ${found}`,
    );
    return err(errors.issues);
  }

  recoverAccountIds(doc, text, errors);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    errors.add(0, '', `YAML could not be read: ${e instanceof Error ? e.message : String(e)}`);
    return err(errors.issues);
  }

  const parsed = TrustConfigSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) collectSchemaIssues(doc, parsed.error.issues, errors);
  if (errors.issues.length > 0 || !parsed.success) return err(sortIssues(errors.issues));

  const nowMs = (options.now ?? new Date()).getTime();
  const config = buildConfig(parsed.data, doc, lines, file, nowMs, warnings);
  const checks = checkEntries(config);
  const at = (path: readonly PropertyKey[]) => {
    const where = locate(doc, path);
    return (where.keyNode ?? where.node)?.range?.[0];
  };
  for (const e of checks.errors) errors.add(at(e.path), formatKeyPath(e.path), e.message);
  if (errors.issues.length > 0) return err(sortIssues(errors.issues));
  for (const w of checks.warnings) warnings.add(at(w.path), formatKeyPath(w.path), w.message);
  return ok({ config, warnings: sortIssues(warnings.issues) });
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
