// Session names, user agents and error messages are attacker-controlled: a session name carrying
// ANSI escape sequences could rewrite what an analyst sees in a terminal. Replace every C0/C1 control
// character (ESC, BEL, CR, …), the line and paragraph separators, and every format character (the
// Unicode bidi controls, and the invisible ones — zero-width space, word joiner, soft hyphen — that
// would let `Prod\u200bAdmin` pass for `ProdAdmin`) with a visible placeholder; so is every space but
// U+0020 (no-break, figure, ideographic…), which would let `main\u00a0` pass for `main ` (a branch name,
// a token subject, a user agent can hold one).
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu;

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
