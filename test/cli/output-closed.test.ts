// `rolewatch scan … | head`: the reader of standard output goes away. The command stops with exit 2 and one
// line saying so, never with Node's unhandled 'error' stack trace and exit 1 (the code a CI gate reads as
// "findings").
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamWriter } from '../../functions/cli/io.ts';
import { OutputError, STDOUT_CLOSED } from '../../functions/cli/output-error.ts';
import { writeTrail } from '../../functions/trail-generator/write-trail.ts';
import { CLI, ROOT, runCli } from './run-cli.ts';

/** A stdout whose reader left: every write fails with EPIPE, reported asynchronously as a pipe does. */
function closedPipe(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' }));
    },
  });
}

let work: string;
let trail: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rolewatch-epipe-'));
  trail = join(work, 'trail');
  writeTrail({ records: 3000, demo: true }, trail);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('standard output closed by its reader', () => {
  it('makes the next write throw an OutputError, and a write waiting for room reject', async () => {
    const write = streamWriter(closedPipe());
    write('first'); // accepted into the stream; its EPIPE arrives after this call
    await new Promise((r) => setImmediate(r));
    expect(() => write('second')).toThrow(new OutputError(STDOUT_CLOSED));

    // A slow reader (no room) that then goes away: the wait ends in the same error, it does not hang.
    const slow = new PassThrough({ highWaterMark: 4 });
    const waiting = streamWriter(slow)('more than four bytes');
    expect(waiting).toBeInstanceOf(Promise);
    slow.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(waiting).rejects.toThrow(STDOUT_CLOSED);
  });

  it('stops a scan with exit 2 and says why (in process)', async () => {
    const run = await runCli(['scan', '--format', 'json', '--config', 'test/bench/fresh-trust.yaml', trail], {
      stdout: streamWriter(closedPipe()),
    });
    expect(run.status).toBe(2);
    expect(run.stderr.endsWith(`rolewatch: ${STDOUT_CLOSED}\n`)).toBe(true);
  });

  it('gives exit 2 and no stack trace when the CLI process writes into a closed pipe', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'scan', '--format', 'json', '--workers', '1', '--config', 'test/bench/fresh-trust.yaml', trail],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // Like `| head -c 100`: read the first piece, then go away.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise((resolve) => child.on('close', resolve));

    expect(stderr).not.toMatch(/node:events|Unhandled|^\s+at /m);
    expect(stderr).toContain(`rolewatch: ${STDOUT_CLOSED}\n`);
    expect(status).toBe(2);
  });
});
