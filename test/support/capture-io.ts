import type { Io } from '../../functions/cli/io.ts';

export interface CapturedIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

/** An Io for running `main(argv, io)` in-process: stdout and stderr collected as text, a fixed clock. */
export function captureIo(nowMs = Date.UTC(2026, 10, 29, 12)): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    stderrIsTty: false,
    columns: 120,
    now: () => nowMs,
    out: () => out,
    err: () => err,
  };
}
