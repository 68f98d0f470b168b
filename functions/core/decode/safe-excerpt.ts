import { scrubSecrets } from '../text/scrub-secrets.ts';

/** Keys whose values are secrets: text after them is never shown in a message. */
const SECRET_KEYS = ['sessiontoken', 'secretaccesskey', 'externalid', 'tokencode'];
const BEFORE = 24;
const AFTER = 8;
/**
 * Characters on either side of the window read to recognise a credential the window cuts: a name such as
 * `client_secret=` before it, or the rest of a value after it (see {@link excerptNear}).
 */
const CONTEXT = 64;
/** How far back a secret key is looked for; longer than any STS session token. */
const LOOKBEHIND = 16_384;

/**
 * Characters one text's excerpts may look through for secret keys (each looks up to {@link LOOKBEHIND}
 * back): some 60 excerpts of a long text, every excerpt of a short one. Without a bound, a forged file of
 * 16 KB and 1,000 two-character broken lines cost 1,000 look-backs of 16 KB, 0.7 s (20 such files: 14 s);
 * errors past it are described without an excerpt, the safe side.
 */
export const MAX_EXCERPT_WORK = 1_000_000;

/** What is left of {@link MAX_EXCERPT_WORK} for one text. */
export interface ExcerptBudget {
  left: number;
}

/**
 * A short excerpt of `text` around `offset` on the same line, for error messages, as a quoted
 * string (` near "…"`), or `''` when there is nothing safe to show: when the window could overlap the
 * value of a `sessionToken`, `secretAccessKey`, `externalId` or `tokenCode` key. Keys are compared as
 * JSON would decode them (`"session\u0054oken"` is a `sessionToken`, in embedded JSON too), and a
 * value only counts as ended when it is a plain string closed before the window: a value with any
 * backslash in it (`"abc\"…`) is treated as still running. A window that touches a base64 run of 32
 * characters or more (a token pasted into any field) shows nothing either, and so does an excerpt past
 * the `budget` of its text. When the window with {@link CONTEXT} characters on either side holds anything
 * the output scrubber redacts (a `client_secret=…` whose name the window cuts off, a webhook URL), that
 * wider text is shown, scrubbed, so no part of the secret is.
 */
export function excerptNear(text: string, offset: number, budget?: ExcerptBudget): string {
  const at = Math.min(Math.max(offset, 0), text.length);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  const from = Math.max(lineStart, at - BEFORE);
  const to = Math.min(lineEnd === -1 ? text.length : lineEnd, at + AFTER);
  if (to <= from) return '';
  if (budget !== undefined) {
    const work = to - Math.max(0, from - LOOKBEHIND);
    if (budget.left < work) return '';
    budget.left -= work;
  }
  if (overlapsSecret(text, from, to) || overlapsLongBase64(text, from, to)) return '';
  // The window can cut a credential the output scrubber would know whole: `…secret=Zq8uV2kPw7Zq8uV2kP` with
  // `client_` before the window, or a value whose first characters end it. Read with its context, any such
  // text is scrubbed, and the excerpt is that context instead (the secret as [REDACTED]).
  const lineTo = lineEnd === -1 ? text.length : lineEnd;
  const wideFrom = Math.max(lineStart, from - CONTEXT);
  const wide = text.slice(wideFrom, Math.min(lineTo, to + CONTEXT));
  const scrubbed = scrubSecrets(wide);
  const [start, shown] = scrubbed === wide ? [from, text.slice(from, to)] : [wideFrom, scrubbed];
  const prefix = start > lineStart ? '…' : '';
  // JSON.stringify escapes control characters and lone surrogates, so the excerpt prints safely.
  return ` near ${JSON.stringify(prefix + shown)}`;
}

/**
 * Base64 characters, and the backslash: JSON may write `/` as `\/` (PHP's default) or `\u002F`, which
 * would otherwise cut a secret key into runs too short to be noticed. (A Windows path may be taken for a
 * run too: its excerpt is left out, which is the safe side.)
 */
const isBase64 = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x2b ||
  c === 0x2f ||
  c === 0x3d ||
  c === 0x5c;
/** Session tokens and secret keys are long base64 runs (a token pasted into any field still is one). */
const SECRET_RUN_CHARS = 32;

/**
 * Whether the window touches a run of base64 characters long enough to be a session token or a secret
 * access key, wherever it sits (a user agent, an error message): such a run is never shown, in part or
 * whole, whatever its key.
 */
function overlapsLongBase64(text: string, from: number, to: number): boolean {
  let start = from;
  while (start > 0 && from - start < SECRET_RUN_CHARS && isBase64(text.charCodeAt(start - 1))) start--;
  for (let i = start; i < to + SECRET_RUN_CHARS && i <= text.length; ) {
    let j = i;
    while (j < text.length && isBase64(text.charCodeAt(j))) j++;
    if (j - i >= SECRET_RUN_CHARS && j > from && i < to) return true;
    i = j + 1;
  }
  return false;
}

function overlapsSecret(text: string, from: number, to: number): boolean {
  const windowStart = Math.max(0, from - LOOKBEHIND);
  const { decoded, rawEnd } = decodeEscapes(text, windowStart, to);
  for (const key of SECRET_KEYS) {
    for (let k = decoded.indexOf(key); k !== -1; k = decoded.indexOf(key, k + 1)) {
      const value = valueAfterKey(text, rawEnd[k + key.length - 1]!, to);
      // Not followed by `":` (at any escape level): the word inside some other text, not a key.
      if (value === undefined) continue;
      if (!closesBefore(text, value, from, to)) return true;
    }
  }
  return false;
}

/**
 * `text[start, end)` lower-cased with every escape collapsed to one character, at any depth of
 * escaping (`\u0054`, `\\u0054` in JSON embedded in a string, `\"`), and for each decoded character the
 * raw offset just after it.
 */
function decodeEscapes(text: string, start: number, end: number): { decoded: string; rawEnd: number[] } {
  let decoded = '';
  const rawEnd: number[] = [];
  let i = start;
  while (i < end) {
    let c = text.charAt(i);
    let next = i + 1;
    if (c === '\\') {
      let j = i;
      while (j < end && text.charCodeAt(j) === 0x5c) j++;
      const hex = text.slice(j + 1, j + 5);
      if (text.charAt(j) === 'u' && j + 5 <= end && /^[0-9a-fA-F]{4}$/.test(hex)) {
        c = String.fromCharCode(Number.parseInt(hex, 16));
        next = j + 5;
      } else if (j < end) {
        c = text.charAt(j);
        next = j + 1;
      } else {
        next = j;
      }
    }
    decoded += c.toLowerCase().charAt(0) || ' ';
    rawEnd.push(next);
    i = next;
  }
  return { decoded, rawEnd };
}

/**
 * After a key's last character at raw offset `p`: its closing quote, `:` and the value's opening quote,
 * each possibly escaped. Returns where the value's content starts and how many backslashes escape its
 * quotes, or `undefined` when no string value follows.
 */
function valueAfterKey(text: string, p: number, end: number): { start: number; level: number } | undefined {
  let i = p;
  while (i < end && text.charCodeAt(i) === 0x5c) i++;
  if (text.charAt(i) !== '"') return undefined;
  i++;
  while (i < end && /\s/.test(text.charAt(i))) i++;
  if (text.charAt(i) !== ':') return undefined;
  i++;
  while (i < end && /\s/.test(text.charAt(i))) i++;
  let level = 0;
  while (i + level < text.length && text.charCodeAt(i + level) === 0x5c) level++;
  if (text.charAt(i + level) !== '"') {
    return { start: i, level: -1 }; // not a string: see closesBefore
  }
  return { start: i + level + 1, level };
}

/**
 * Whether the value starting at `value.start` is a plain string (no backslash but its own closing
 * quote's) that ends before the excerpt window `from`.
 */
function closesBefore(
  text: string,
  value: { start: number; level: number },
  from: number,
  to: number,
): boolean {
  if (value.level === -1) {
    // A literal or a number is no secret once it has ended; anything else may hold one.
    const scalar = /^(?:null|true|false|-?\d[\d.eE+-]*)/.exec(text.slice(value.start, value.start + 32));
    return scalar !== null && value.start + scalar[0].length <= from;
  }
  for (let i = value.start; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return value.level === 0 && i < from;
    if (c === 0x5c) {
      let j = i;
      while (text.charCodeAt(j) === 0x5c) j++;
      // The closing quote of a string escaped `level` times: exactly that many backslashes, then '"'.
      return j - i === value.level && text.charCodeAt(j) === 0x22 && j < from;
    }
  }
  return false;
}
