import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLE_TRUST, ROOT } from './run-cli.ts';

const TRAIL = 'fixtures/cloudtrail';

/** Runs the CLI under a pseudo-terminal (util-linux `script`), stdout to a file, and returns what the tty saw. */
function underTty(args: string): string {
  const r = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" ${args} > /dev/null`, '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('the progress line', () => {
  it('is drawn on stderr when stderr is a terminal, and cleared at the end', () => {
    const tty = underTty(`scan --workers 1 --format json --config "${EXAMPLE_TRUST}" ${TRAIL}`);

    const ERASE_LINE = '\r\u001b[K';
    expect(tty).toContain(`${ERASE_LINE}scanning: `);
    expect(tty).toMatch(/scanning: \d+ file\(s\), \d+ record\(s\), \d+ credential event\(s\)/);
    // Erased before anything else is written to the terminal: after the last progress line comes an erase.
    expect(tty.slice(tty.lastIndexOf('scanning: '))).toContain(ERASE_LINE);
  });

  it('is not drawn with --no-progress', () => {
    const tty = underTty(`scan --no-progress --workers 1 --format json --config "${EXAMPLE_TRUST}" ${TRAIL}`);

    expect(tty).not.toContain('scanning:');
  });

  it('is not drawn when stderr is not a terminal', () => {
    const r = spawnSync(
      process.execPath,
      [CLI, 'scan', '--format', 'json', '--config', EXAMPLE_TRUST, TRAIL],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );

    expect(r.stderr).not.toContain('scanning:');
  });
});
