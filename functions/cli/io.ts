/** What the CLI touches of the outside world, so that tests run it in-process. */
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly stderrIsTty: boolean;
  readonly columns: number;
  readonly now: () => number;
}

export const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrIsTty: process.stderr.isTTY === true,
  columns: process.stdout.columns ?? 120,
  now: () => Date.now(),
});
