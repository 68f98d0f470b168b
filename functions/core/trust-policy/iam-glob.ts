/*
 * IAM `StringLike` values: `*` is any run of characters, `?` exactly one, everything else literal;
 * `${*}`, `${?}` and `${$}` are a literal `*`, `?` and `$`. Any other `${…}` is a policy variable
 * (`${aws:username}`), whose value depends on the caller: no fixed pattern can state it.
 */

/** One character of a value: a literal or a wildcard. */
export type GlobToken = { readonly literal: string } | { readonly wildcard: '*' | '?' };

/** A `StringLike` (`like`) or `StringEquals` value, written in the 2012-10-17 policy language. */
export interface IamValue {
  readonly value: string;
  readonly like: boolean;
}

const ESCAPES: Readonly<Record<string, string>> = { '${*}': '*', '${?}': '?', '${$}': '$' };

/**
 * Whether the value holds a policy variable (`${aws:username}`), as opposed to the three escapes: a `${`
 * that is not an escape with a `}` somewhere after it. A scan, not `/\$\{(?![*?$]\})[^}]*\}/`, which
 * read from every `${` to the end of a value without `}`: 2 s for a forged 60,000-character value.
 */
export function hasPolicyVariable(value: string): boolean {
  const lastClose = value.lastIndexOf('}');
  for (let at = value.indexOf('${'); at !== -1 && at + 2 <= lastClose; at = value.indexOf('${', at + 1)) {
    if (ESCAPES[value.slice(at, at + 4)] === undefined) return true;
  }
  return false;
}

/**
 * A value of a policy without policy variables (Version 2008-10-17, or none), where `${…}` is literal
 * text, written as the 2012-10-17 language writes the same text: each `$` as `${$}`. The other helpers
 * read values in the 2012-10-17 language only.
 *
 * @example literalText('${aws:username}') // '${$}{aws:username}': no policy variable
 */
export function literalText(value: string): string {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's escape for a literal '$', not a placeholder
  return value.replace(/\$/g, () => '${$}');
}

/**
 * The characters of a value: the wildcards of a `StringLike` value (`like`), the rest literal (the
 * escapes `${*}`, `${?}`, `${$}` read as the character they stand for).
 */
export function iamGlobTokens(value: string, like: boolean): GlobToken[] {
  return tokens(value, like);
}

/**
 * The `StringLike` value that matches the strings a value matches: for a `StringEquals` value, its `*`,
 * `?` and `$` escaped, so that values of both operators can stand in one `StringLike` list.
 */
export function asStringLike(v: IamValue): string {
  if (v.like) return v.value;
  return tokens(v.value, false)
    .map((t) => {
      const c = 'literal' in t ? t.literal : t.wildcard;
      return c === '*' || c === '?' || c === '$' ? `\${${c}}` : c;
    })
    .join('');
}

function tokens(value: string, like: boolean): GlobToken[] {
  const out: GlobToken[] = [];
  for (let i = 0; i < value.length; i++) {
    const escaped = ESCAPES[value.slice(i, i + 4)];
    if (escaped !== undefined) {
      out.push({ literal: escaped });
      i += 3;
      continue;
    }
    const c = value[i] ?? '';
    out.push(like && (c === '*' || c === '?') ? { wildcard: c } : { literal: c });
  }
  return out;
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|]/g;

/** The regular-expression body (unanchored) for one `StringLike` (`like`) or `StringEquals` value. */
export function iamValueToRegexBody(value: string, like: boolean): string {
  let body = '';
  for (const t of tokens(value, like)) {
    if ('wildcard' in t) body += t.wildcard === '*' ? '.*' : '.';
    else body += t.literal.replace(REGEX_SPECIAL, '\\$&');
  }
  return body;
}

/**
 * An anchored regular expression that matches exactly the strings one of `values` matches under IAM's
 * `StringLike` (`like: true`) or `StringEquals` rules. Values with policy variables must be left out by
 * the caller ({@link hasPolicyVariable}).
 *
 * @example iamValuesToRegex(['*@acme.example'], true) // '^.*@acme\\.example$'
 */
export function iamValuesToRegex(values: readonly string[], like: boolean): string {
  const bodies = [...new Set(values.map((v) => iamValueToRegexBody(v, like)))];
  return bodies.length === 1 ? `^${bodies[0]}$` : `^(?:${bodies.join('|')})$`;
}

/**
 * A `StringLike` / `StringEquals` value as an `oidcSubjects` entry, where only `*` is a wildcard and
 * everything else is literal. `exact` is false when the entry matches more than IAM does: a `?` wildcard
 * (written as `*`) or a literal `*` of `StringEquals` (which the entry reads as a wildcard).
 */
export function iamValueToSubject(value: string, like: boolean): { subject: string; exact: boolean } {
  let subject = '';
  let exact = true;
  for (const t of tokens(value, like)) {
    if ('wildcard' in t) {
      subject += '*';
      if (t.wildcard === '?') exact = false;
    } else {
      if (t.literal === '*') exact = false;
      subject += t.literal;
    }
  }
  return { subject, exact };
}

/**
 * One string a `StringLike` (`like`) or `StringEquals` value matches: each `*` replaced by `star`, each
 * `?` by `one`. Used to find a concrete value IAM allows that a trust-file pattern refuses.
 */
export function iamValueExample(value: string, like: boolean, fill: { star: string; one: string }): string {
  return tokens(value, like)
    .map((t) => ('wildcard' in t ? (t.wildcard === '*' ? fill.star : fill.one) : t.literal))
    .join('');
}

/** Whether a value has wildcards under the given operator (`StringEquals` values never do). */
export const hasWildcard = (value: string, like: boolean): boolean =>
  tokens(value, like).some((t) => 'wildcard' in t);
