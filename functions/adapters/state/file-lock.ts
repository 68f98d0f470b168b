import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { StateFileError } from './state-file-error.ts';

/** What a lock file holds: who holds it, so that a person (and a later run) can tell whether it is stale. */
interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
}

export interface LockOptions {
  /** How long to wait for a lock another run holds; 0 fails at once. */
  readonly waitMs: number;
  /** Told once when the lock is held by another run and we wait, or when a stale lock is taken over. */
  readonly onNote?: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface Lock {
  readonly path: string;
  release(): void;
}

const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' && typeof parsed.hostname === 'string'
      ? { pid: parsed.pid, hostname: parsed.hostname, startedAt: String(parsed.startedAt ?? '?') }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A process on this host that no longer runs (a run that was killed) cannot hold a lock. */
function isStale(owner: LockOwner | undefined): boolean {
  if (owner === undefined || owner.hostname !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const describeOwner = (o: LockOwner | undefined): string =>
  o === undefined ? 'another process' : `process ${o.pid} on ${o.hostname} (since ${o.startedAt})`;

/**
 * Takes `FILE.lock` (created exclusively, holding pid, host and start time), so that two runs on one
 * state file take turns instead of losing each other's updates. A lock left by a process of this host
 * that no longer runs is taken over, with a note; a live one is waited for up to `waitMs`, then the
 * run fails with a message that says who holds it.
 */
export async function acquireLock(stateFile: string, options: LockOptions): Promise<Lock> {
  const path = `${stateFile}.lock`;
  const sleep = options.sleep ?? sleepMs;
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      const owner: LockOwner = {
        pid: process.pid,
        hostname: hostname(),
        startedAt: new Date().toISOString(),
      };
      writeSync(fd, `${JSON.stringify(owner)}\n`);
      closeSync(fd);
      return { path, release: () => releaseLock(path) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StateFileError(stateFile, `cannot create the lock file ${path}: ${(e as Error).message}`);
      }
    }
    const owner = readOwner(path);
    if (isStale(owner)) {
      options.onNote?.(
        `taking over the lock ${path}: ${describeOwner(owner)} no longer runs (a run that was stopped)`,
      );
      try {
        unlinkSync(path);
      } catch {
        // Another run took it over first; try again.
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new StateFileError(
        stateFile,
        `is locked by ${describeOwner(owner)}: another rolewatch run is using it. Wait for it to finish; if no ` +
          `run is using it, delete ${path}.`,
      );
    }
    if (!told) {
      options.onNote?.(`waiting for ${describeOwner(owner)}, which holds ${path}`);
      told = true;
    }
    await sleep(Math.min(100, Math.max(1, deadline - Date.now())));
  }
}

function releaseLock(path: string): void {
  const owner = readOwner(path);
  if (owner !== undefined && (owner.pid !== process.pid || owner.hostname !== hostname())) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
