import { describe, expect, it } from 'vitest';
import type { Io } from '../../functions/cli/io.ts';
import { progressLine } from '../../functions/cli/progress-line.ts';
import { EMPTY_COUNTS } from '../../functions/core/pipeline/scan-counts.ts';

function fakeIo(columns = 120): Io & { readonly err: string[] } {
  const err: string[] = [];
  return {
    err,
    stdout: () => undefined,
    stderr: (s) => err.push(s),
    stderrIsTty: true,
    columns,
    now: () => 0,
    readStdin: () => new Uint8Array(),
    env: {},
  };
}

describe('the progress line with a remote source', () => {
  it("keeps the source's own line (pages, ETA) and adds the finding count to it", () => {
    const io = fakeIo();
    const line = progressLine(io);

    line.line('lookup://us-east-1: us-east-1 AssumeRole page 3 · lookup 1/9 · 150 event(s) · ETA 12s');
    line.update({ ...EMPTY_COUNTS, files: 3 }, 2);

    expect(io.err.at(-1)).toBe(
      '\r\u001b[Klookup://us-east-1: us-east-1 AssumeRole page 3 · lookup 1/9 · 150 event(s) · ETA 12s · 2 finding(s)',
    );
  });

  it('fits the terminal width and strips control characters a source name could carry', () => {
    const io = fakeIo(40);
    const line = progressLine(io);

    line.line(`s3://bucket/\u001b[31m${'k'.repeat(100)}`);

    const drawn = io.err.at(-1)!.slice('\r\u001b[K'.length);
    expect(drawn.length).toBeLessThanOrEqual(39);
    expect(drawn).not.toContain('\u001b');
  });
});
