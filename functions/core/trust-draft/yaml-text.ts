import { terminalSafe } from '../render/terminal-safe.ts';

/*
 * Trust-file drafts are written as text, so that comments sit exactly where a reviewer needs them.
 * Values come from IAM (principal ARNs, condition values an account admin wrote), so every value is a
 * double-quoted scalar and every comment is one line with no character that could end it.
 */

// JSON escapes C0 controls, `"` and `\`; YAML also treats these as special or unprintable.
const YAML_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff]|\p{Cf}/gu;

/** A double-quoted YAML scalar (a JSON string is one; a few more characters are escaped for YAML). */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(
    YAML_UNSAFE,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** A flow list of double-quoted scalars: `["a", "b"]`. */
export const yamlFlowList = (values: readonly string[]): string => `[${values.map(yamlString).join(', ')}]`;

/** A comment line at `indent`: line breaks and control characters become U+FFFD, so it stays one line. */
export function yamlComment(indent: string, text: string): string {
  return `${indent}# ${terminalSafe(text).trimEnd()}`;
}
