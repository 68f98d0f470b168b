/**
 * Whether a regular expression quantifies a group that itself holds an unbounded quantifier, such as
 * `(a+)+` or `([a-z]+\.?)*`: the shape behind catastrophic backtracking. Session names come from
 * records an attacker can forge, so such a `sessionNamePattern` could stall the pipeline on one record.
 * A syntactic check, deliberately conservative: it may refuse a harmless pattern, never miss this shape.
 */
export function hasNestedQuantifier(source: string): boolean {
  // For each open group: does it contain an unbounded quantifier?
  const groups: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push(false);
    else if (c === ')') {
      const inner = groups.pop() ?? false;
      const unbounded = isUnboundedQuantifierAt(source, i + 1);
      if (inner && unbounded) return true;
      // A group holding a quantifier makes its enclosing group hold one too.
      if ((inner || unbounded) && groups.length > 0) groups[groups.length - 1] = true;
    } else if (isUnboundedQuantifierAt(source, i) && groups.length > 0) {
      groups[groups.length - 1] = true;
    }
  }
  return false;
}

/** `*`, `+` or `{n,}` / `{n,m}` with m > 1 at position i. */
function isUnboundedQuantifierAt(source: string, i: number): boolean {
  const c = source[i];
  if (c === '*' || c === '+') return true;
  if (c !== '{') return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (m === null || m[2] === undefined) return false;
  return m[3] === '' || Number(m[3]) > 1;
}
