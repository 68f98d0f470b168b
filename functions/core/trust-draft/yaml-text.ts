import { jsonSafe } from '../render/json-safe.ts';
import { terminalSafe } from '../render/terminal-safe.ts';
import { scrubSecrets } from '../text/scrub-secrets.ts';

/*
 * Trust-file drafts are written as text, so that comments sit exactly where a reviewer needs them.
 * Values come from IAM (principal ARNs, condition values an account admin wrote), so every value is a
 * double-quoted scalar and every comment is one line with no character that could end it.
 */

/**
 * A double-quoted YAML scalar: a JSON string is one, and jsonSafe escapes what YAML readers could take
 * for a line break or hide (C1 controls, U+2028/2029, format characters such as bidi overrides).
 */
export const yamlString = (value: string): string => jsonSafe(JSON.stringify(value));

/** A flow list of double-quoted scalars: `["a", "b"]`. */
export const yamlFlowList = (values: readonly string[]): string => `[${values.map(yamlString).join(', ')}]`;

/**
 * A comment line at `indent`: line breaks and control characters become U+FFFD, so it stays one line,
 * and credential-shaped strings (a token in a record's value) are scrubbed, as in every other output.
 */
export function yamlComment(indent: string, text: string): string {
  return `${indent}# ${terminalSafe(scrubSecrets(text)).trimEnd()}`;
}
