/**
 * Applies a unified diff to a text as `patch` would (exact context, hunks in order): the tests' check
 * that what `trust learn --merge` prints is a diff a person can apply.
 */
export function applyUnifiedDiff(text: string, diff: string): string {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: string[] = [];
  let next = 0;
  const diffLines = diff.split('\n');
  for (let k = 0; k < diffLines.length; k++) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(diffLines[k] ?? '');
    if (header === null) continue;
    const oldCount = Number(header[2]);
    const start = oldCount === 0 ? Number(header[1]) : Number(header[1]) - 1;
    out.push(...lines.slice(next, start));
    next = start;
    for (k++; k < diffLines.length && /^[ +-]/.test(diffLines[k] ?? ''); k++) {
      const line = diffLines[k] ?? '';
      const body = line.slice(1);
      if (line.startsWith('+')) out.push(body);
      else {
        if (lines[next] !== body)
          throw new Error(`context mismatch at line ${next + 1}: ${JSON.stringify(body)}`);
        if (line.startsWith(' ')) out.push(body);
        next++;
      }
    }
    k--;
  }
  out.push(...lines.slice(next));
  return `${out.join('\n')}\n`;
}
