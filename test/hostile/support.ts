import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'rolewatch.mjs');

export type JsonObject = { [key: string]: unknown };

/** A deep copy of `fixtures/cloudtrail/<name>.json`. */
export function fixtureRecord(name: string): JsonObject {
  return JSON.parse(readFileSync(join(ROOT, 'fixtures', 'cloudtrail', `${name}.json`), 'utf8')) as JsonObject;
}

export interface ChildRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout is not kept (it may be huge): its bytes and lines are counted. */
  readonly stdoutBytes: number;
  readonly stdoutLines: number;
  readonly stderr: string;
  readonly wallMs: number;
}

/**
 * Runs the bundled CLI in a child with a V8 heap limit, counting stdout instead of keeping it, and
 * kills it after `timeoutMs` (a hang guard, not a speed test).
 */
export function runBundle(
  args: readonly string[],
  options: { heapMb?: number; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<ChildRun> {
  const started = Date.now();
  const heap = options.heapMb === undefined ? [] : [`--max-old-space-size=${options.heapMb}`];
  const child = spawn(process.execPath, [...heap, CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdoutBytes = 0;
  let stdoutLines = 0;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) stdoutLines++;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 1_000_000) stderr += chunk.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdoutBytes, stdoutLines, stderr, wallMs: Date.now() - started });
    });
  });
}
