/*
 * The shape of the session names a role was assumed with, learned call by call and merged across inputs,
 * so that `trust learn` can propose a `sessionNamePattern`: anchored, as narrow as the names allow, and in
 * the RE2 subset (character classes, alternation, `+`) that the trust file's matcher runs in linear time.
 *
 * A name is cut into words (runs of letters and digits) and the single characters between them
 * (`alice.smith@acme.example` → word . word @ word . word). Names with the same separators share a shape;
 * per word position the shape keeps the text when every name has the same one, else which kinds of
 * characters occurred. Everything here merges exactly (the same names give the same result in any order).
 */

/** STS accepts session names of 2 to 64 characters from this set. */
const STS_NAME = /^[\w+=,.@-]+$/;
export const MAX_SESSION_NAME_CHARS = 64;
/** Up to this many shapes become an alternation; more fall back to one character class. */
export const MAX_ALTERNATIVES = 4;
/** All-digit words at least this long (timestamps, ids) are never learned literally. */
const VARYING_DIGITS = 4;

export interface WordSlot {
  /** The word every name has here, or null when they differ. */
  readonly text: string | null;
  readonly lower: boolean;
  readonly upper: boolean;
  readonly digit: boolean;
}

/** One shape: the separators are in its key; a slot per word. */
export interface NameShape {
  readonly slots: readonly WordSlot[];
}

export interface SessionNameShapes {
  readonly names: number;
  /** By shape key, at most MAX_ALTERNATIVES + 1 (the smallest keys: exact whatever the merge order). */
  readonly shapes: ReadonlyMap<string, NameShape>;
  /** More distinct shapes were seen than are kept. */
  readonly overflow: boolean;
  readonly lower: boolean;
  readonly upper: boolean;
  readonly digit: boolean;
  /** Every non-alphanumeric character seen, sorted. */
  readonly others: string;
  /** The longest prefix and suffix all names share (undefined before the first name). */
  readonly prefix: string | undefined;
  readonly suffix: string | undefined;
  readonly minChars: number;
  readonly maxChars: number;
  /** A name outside what STS accepts (characters, length): no pattern can be learned safely. */
  readonly unusual: boolean;
}

export const EMPTY_SHAPES: SessionNameShapes = {
  names: 0,
  shapes: new Map(),
  overflow: false,
  lower: false,
  upper: false,
  digit: false,
  others: '',
  prefix: undefined,
  suffix: undefined,
  minChars: Number.POSITIVE_INFINITY,
  maxChars: 0,
  unusual: false,
};

const WORD = /[A-Za-z0-9]+|[^A-Za-z0-9]/g;
const isWord = (t: string): boolean => /^[A-Za-z0-9]/.test(t);

function wordSlot(text: string): WordSlot {
  return { text, lower: /[a-z]/.test(text), upper: /[A-Z]/.test(text), digit: /[0-9]/.test(text) };
}

function mergeSlot(a: WordSlot, b: WordSlot): WordSlot {
  return {
    text: a.text !== null && a.text === b.text ? a.text : null,
    lower: a.lower || b.lower,
    upper: a.upper || b.upper,
    digit: a.digit || b.digit,
  };
}

function commonPrefix(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

const reversed = (s: string | undefined): string | undefined =>
  s === undefined ? undefined : [...s].reverse().join('');

function sortedChars(a: string, b: string): string {
  return [...new Set([...a, ...b])].sort().join('');
}

/** Keeps the `limit` smallest keys; reports whether any key was dropped. */
function smallestKeys<V>(map: Map<string, V>, limit: number): boolean {
  if (map.size <= limit) return false;
  const drop = [...map.keys()].sort().slice(limit);
  for (const k of drop) map.delete(k);
  return true;
}

function mergeShapeMaps(
  a: ReadonlyMap<string, NameShape>,
  b: ReadonlyMap<string, NameShape>,
): { shapes: Map<string, NameShape>; dropped: boolean } {
  const shapes = new Map(a);
  for (const [key, shape] of b) {
    const seen = shapes.get(key);
    shapes.set(
      key,
      seen === undefined ? shape : { slots: seen.slots.map((s, i) => mergeSlot(s, shape.slots[i] ?? s)) },
    );
  }
  const dropped = smallestKeys(shapes, MAX_ALTERNATIVES + 1);
  return { shapes, dropped };
}

/** The shapes of one name (a new value). */
export function shapesOf(name: string): SessionNameShapes {
  const tokens = name.match(WORD) ?? [];
  const key = tokens.map((t) => (isWord(t) ? 'w' : t)).join('');
  const others = tokens.filter((t) => !isWord(t)).join('');
  return {
    names: 1,
    shapes: new Map([[key, { slots: tokens.filter(isWord).map(wordSlot) }]]),
    overflow: false,
    lower: /[a-z]/.test(name),
    upper: /[A-Z]/.test(name),
    digit: /[0-9]/.test(name),
    others: sortedChars(others, ''),
    prefix: name,
    suffix: name,
    minChars: name.length,
    maxChars: name.length,
    unusual: name.length > MAX_SESSION_NAME_CHARS || !STS_NAME.test(name),
  };
}

/** Both sets of names together (a new value). */
export function mergeShapes(a: SessionNameShapes, b: SessionNameShapes): SessionNameShapes {
  if (a.names === 0) return b;
  if (b.names === 0) return a;
  if (a.unusual || b.unusual) {
    // No pattern is learned once an unusual name was seen (learnedNamePattern gives the reason), so the
    // shapes, characters and affixes are not merged: a forged name of 20,000 distinct characters made
    // every later merge sort them again (20,000 more calls: 66 s instead of 0.8 s).
    return {
      ...(a.unusual ? a : b),
      names: a.names + b.names,
      minChars: Math.min(a.minChars, b.minChars),
      maxChars: Math.max(a.maxChars, b.maxChars),
    };
  }
  const { shapes, dropped } = mergeShapeMaps(a.shapes, b.shapes);
  return {
    names: a.names + b.names,
    shapes,
    overflow: a.overflow || b.overflow || dropped,
    lower: a.lower || b.lower,
    upper: a.upper || b.upper,
    digit: a.digit || b.digit,
    others: sortedChars(a.others, b.others),
    prefix: commonPrefix(a.prefix, b.prefix),
    suffix: reversed(commonPrefix(reversed(a.suffix), reversed(b.suffix))),
    minChars: Math.min(a.minChars, b.minChars),
    maxChars: Math.max(a.maxChars, b.maxChars),
    unusual: a.unusual || b.unusual,
  };
}

/** Escapes a character outside a class; session-name characters need it only for `.` and `+`. */
const escapeChar = (c: string): string => (/[\\^$.|?*+()[\]{}]/.test(c) ? `\\${c}` : c);
const escapeText = (s: string): string => [...s].map(escapeChar).join('');

/** `[A-Za-z0-9._-]`: the classes and characters given, `-` last so that it stays literal. */
function charClass(flags: { lower: boolean; upper: boolean; digit: boolean }, others = ''): string {
  const chars = [...others];
  const dash = chars.includes('-') ? '-' : '';
  const rest = chars
    .filter((c) => c !== '-')
    .map((c) => (/[\\\]^[]/.test(c) ? `\\${c}` : c))
    .join('');
  const body = `${flags.upper ? 'A-Z' : ''}${flags.lower ? 'a-z' : ''}${flags.digit ? '0-9' : ''}${rest}${dash}`;
  return body === '0-9' ? '[0-9]' : `[${body}]`;
}

function slotPattern(slot: WordSlot): string {
  const constant = slot.text !== null && !(/^[0-9]+$/.test(slot.text) && slot.text.length >= VARYING_DIGITS);
  return constant && slot.text !== null ? escapeText(slot.text) : `${charClass(slot)}+`;
}

function shapePattern(key: string, shape: NameShape): string {
  let word = 0;
  let out = '';
  for (const c of key) {
    if (c === 'w')
      out += slotPattern(shape.slots[word++] ?? { text: null, lower: true, upper: true, digit: true });
    else out += escapeChar(c);
  }
  return out;
}

/** Cuts a common prefix back to its last separator (so `ali` of alice/alina is not kept as a literal). */
function wholePrefix(prefix: string): string {
  const cut = prefix.search(/[^A-Za-z0-9][A-Za-z0-9]*$/);
  return cut < 0 ? '' : prefix.slice(0, cut + 1);
}

function wholeSuffix(suffix: string): string {
  const cut = suffix.search(/[^A-Za-z0-9]/);
  return cut < 0 ? '' : suffix.slice(cut);
}

/** Why no pattern was learned, or the pattern: anchored, matching every name seen. */
export type LearnedNamePattern = { readonly pattern: string } | { readonly reason: string };

/**
 * The narrowest pattern this module can state that matches every name seen: one alternative per shape
 * (up to {@link MAX_ALTERNATIVES}), else the shared prefix and suffix around one character class; none
 * when the names share neither (a character class alone pins nothing).
 *
 * @example learnedNamePattern(shapesOf('alice@acme.example')) // { pattern: '^alice@acme\\.example$' }
 */
export function learnedNamePattern(s: SessionNameShapes): LearnedNamePattern {
  if (s.names === 0) return { reason: 'no call carried a session name' };
  if (s.unusual) {
    return {
      reason: `a session name longer than ${MAX_SESSION_NAME_CHARS} characters or with characters STS does not accept was seen`,
    };
  }
  if (!s.overflow && s.shapes.size <= MAX_ALTERNATIVES) {
    const alternatives = [...s.shapes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, shape]) => shapePattern(key, shape));
    const unique = [...new Set(alternatives)];
    return { pattern: unique.length === 1 ? `^${unique[0]}$` : `^(?:${unique.join('|')})$` };
  }
  let prefix = wholePrefix(s.prefix ?? '');
  let suffix = wholeSuffix(s.suffix ?? '');
  if (prefix.length + suffix.length > s.minChars) suffix = '';
  if (prefix.length > s.minChars) prefix = '';
  // Without a shared prefix or suffix the pattern would only list the kinds of characters seen: once a
  // few names of other shapes (one attacker's, say) are among them, that is every name STS accepts.
  if (prefix === '' && suffix === '') {
    return {
      reason: `the names have more than ${MAX_ALTERNATIVES} shapes and no shared prefix or suffix: a pattern would only restrict their characters`,
    };
  }
  // The shortest name may be nothing but the prefix and the suffix.
  const repeat = prefix.length + suffix.length < s.minChars ? '+' : '*';
  return { pattern: `^${escapeText(prefix)}${charClass(s, s.others)}${repeat}${escapeText(suffix)}$` };
}
