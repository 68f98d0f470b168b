import type { LineCounter } from 'yaml';
import { quoted } from './quote-value.ts';

/** Where a mis-indented key stands and what to say about it. */
export interface BadIndent {
  /** Offset of the key itself (YAML reports the start of its line). */
  readonly offset: number;
  /** The key itself, as written. */
  readonly key: string;
  /** Offset of the key on the line above that it most likely belongs with, when there is one. */
  readonly siblingOffset?: number;
  readonly message: string;
}

const KEY = /^(?:-\s+)*([^\s:#][^:#]*?)\s*:(?:\s|$)/;

/** The key a line starts (after any `- ` list markers) and its 1-based column, if it starts one. */
function keyOfLine(line: string): { key: string; column: number } | undefined {
  const indent = line.length - line.trimStart().length;
  const m = KEY.exec(line.slice(indent));
  if (m === null || m[1] === undefined) return undefined;
  const column = indent + m[0].indexOf(m[1]) + 1;
  return { key: m[1].replace(/^["']|["']$/g, ''), column };
}

/**
 * YAML reports a key indented differently from its neighbours (`BAD_INDENT`) at the start of its line,
 * which the key-path lookup attributes to the key before it (`roles[0].arn`). This finds the key itself and
 * compares it with the key on the nearest line above, so the message names the key that is out of line
 * and the column it should start at.
 */
export function badIndent(text: string, offset: number, lines: LineCounter): BadIndent | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const here = keyOfLine(line);
  if (here === undefined) return undefined;
  const at = lineStart + here.column - 1;
  const { line: lineNumber } = lines.linePos(at);
  let above: { key: string; column: number; line: number; offset: number } | undefined;
  const before = lineStart === 0 ? [] : text.slice(0, lineStart - 1).split('\n');
  let end = lineStart - 1;
  for (let i = before.length - 1; i >= 0 && above === undefined; i--) {
    const candidate = before[i] ?? '';
    const start = end - candidate.length;
    end = start - 1;
    if (candidate.trim() === '' || candidate.trimStart().startsWith('#')) continue;
    const found = keyOfLine(candidate);
    if (found === undefined) break;
    above = { ...found, line: i + 1, offset: start + found.column - 1 };
  }
  // In line with the key above: the indentation is not what YAML tripped on (an unclosed `[` or `{` above
  // makes the next key "insufficiently indented"); its own message says so better.
  if (above !== undefined && above.column === here.column && above.line < lineNumber) return undefined;
  const what = `${quoted(here.key)} starts at column ${here.column}`;
  if (above === undefined || above.line >= lineNumber) {
    return {
      offset: at,
      key: here.key,
      message: `${what}, out of line with the keys around it; check its indentation`,
    };
  }
  return {
    offset: at,
    key: here.key,
    siblingOffset: above.offset,
    message:
      `${what}, but ${quoted(above.key)} on line ${above.line} starts at column ${above.column}: the keys ` +
      `of one entry start at the same column (indent it to column ${above.column} if it belongs with ` +
      `${quoted(above.key)})`,
  };
}
