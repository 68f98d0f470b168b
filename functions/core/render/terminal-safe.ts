// Session names, user agents and error messages are attacker-controlled: a session name carrying
// ANSI escape sequences could rewrite what an analyst sees in a terminal. Replace every C0/C1 control
// character (ESC, BEL, CR, …) and the Unicode bidi overrides with a visible placeholder.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, '\uFFFD');
}

/** Cuts a string to `width` display columns (code points), ending in '…' when cut. */
export function truncate(s: string, width: number): string {
  const cps = [...s];
  if (cps.length <= width) return s;
  return `${cps.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** {@link terminalSafe} for multi-line text: keeps the line breaks, neutralises everything else. */
export function terminalSafeLines(s: string): string {
  return s.split('\n').map(terminalSafe).join('\n');
}
