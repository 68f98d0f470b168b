/** Lines of context around each change, as `diff -u` writes them. */
const CONTEXT = 3;

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/** The lines of `a` and `b` as an edit script (longest common subsequence; files of a few thousand lines). */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  // Common head and tail first: a merge adds lines in a few places, so the table stays small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      ops.push({ kind: ' ', line: x[i++]! });
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Deletions before insertions, as diff -u writes a changed line.
      ops.push({ kind: '-', line: x[i++]! });
    } else ops.push({ kind: '+', line: y[j++]! });
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: ' ', line });
  return ops;
}

const splitLines = (text: string): string[] => {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/**
 * `diff -u`-style text that turns `before` into `after` (`patch FILE < DIFF` applies it): `--- LABEL`,
 * `+++ LABEL`, and hunks with three lines of context. Empty when the texts are equal.
 *
 * @example unifiedDiff('a\nb\n', 'a\nx\nb\n', 'rolewatch.yaml')
 * // '--- rolewatch.yaml\n+++ rolewatch.yaml\n@@ -1,2 +1,3 @@\n a\n+x\n b\n'
 */
export function unifiedDiff(before: string, after: string, label: string): string {
  if (before === after) return '';
  const ops = editScript(splitLines(before), splitLines(after));
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const out = [`--- ${label}`, `+++ ${label}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - CONTEXT);
    let end = changed[k]! + CONTEXT + 1;
    while (k + 1 < changed.length && changed[k + 1]! - CONTEXT <= end) end = changed[++k]! + CONTEXT + 1;
    k++;
    end = Math.min(end, ops.length);
    let oldLine = 1;
    let newLine = 1;
    for (const op of ops.slice(0, start)) {
      if (op.kind !== '+') oldLine++;
      if (op.kind !== '-') newLine++;
    }
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    // diff -u names the line before an empty range.
    out.push(
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`,
      ...hunk.map((op) => `${op.kind}${op.line}`),
    );
  }
  return `${out.join('\n')}\n`;
}
