import { jsonSafe } from './json-safe.ts';

/** What JSON.stringify writes around a value nested `depth` arrays deep (two spaces a level): lengths. */
const wrappings: { readonly open: number; readonly close: number }[] = [];

function wrappingAt(depth: number): { readonly open: number; readonly close: number } {
  let known = wrappings[depth];
  if (known === undefined) {
    let open = '';
    let close = '';
    for (let k = 0; k < depth; k++) {
      open += `${' '.repeat(2 * k)}[\n`;
      close = `\n${' '.repeat(2 * k)}]${close}`;
    }
    known = { open: open.length + 2 * depth, close: close.length };
    wrappings[depth] = known;
  }
  return known;
}

/**
 * `JSON.stringify(value, null, 2)` as it reads `spaces` (an even number) deep in a document: every line
 * after the first starts `spaces` further in, and invisible or line-breaking characters are `\u` escapes
 * ({@link jsonSafe}). Serialized that many arrays deep, JSON.stringify writes the value at that depth
 * itself: no line of it is rewritten or copied (a scan may print one finding per record).
 *
 * @example indentedJson({ a: [1] }, 2) // '{\n    "a": [\n      1\n    ]\n  }'
 */
export function indentedJson(value: unknown, spaces: number): string {
  const depth = spaces / 2;
  if (depth === 0) return jsonSafe(JSON.stringify(value, null, 2));
  let nested: unknown = value;
  for (let k = 0; k < depth; k++) nested = [nested];
  const text = JSON.stringify(nested, null, 2);
  const { open, close } = wrappingAt(depth);
  return jsonSafe(text.slice(open, text.length - close));
}
