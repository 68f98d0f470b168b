import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { StateItem } from '../../core/state/state-item.ts';
import { acquireLock, type Lock } from './file-lock.ts';
import { LATENESS_MS, MemoryStateStore } from './memory-store.ts';
import { StateFileError } from './state-file-error.ts';
import { asStateItems, STATE_FILE_FORMAT, STATE_FILE_VERSION, StateFileSchema } from './state-file-schema.ts';

/** What a state file held when it was read. */
export interface LoadedState {
  readonly items: readonly StateItem[];
  readonly clockMs: number;
  readonly savedAt?: string;
  /** Bytes on disk (0 when the file did not exist). */
  readonly bytes: number;
  readonly existed: boolean;
}

/**
 * Reads a state file. A missing or empty file is an empty state (the first run creates it); anything
 * else that is not a valid version-1 state file is a {@link StateFileError}, never a silent reset.
 */
export function readStateFile(path: string): LoadedState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { items: [], clockMs: 0, bytes: 0, existed: false };
    throw new StateFileError(path, `cannot be read: ${(e as Error).message}`);
  }
  const bytes = Buffer.byteLength(text);
  if (text.trim() === '') return { items: [], clockMs: 0, bytes, existed: true };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new StateFileError(
      path,
      `is not a rolewatch state file: it is not valid JSON (${oneLine((e as Error).message)}). It was left unchanged; ` +
        'restore it from a backup, or point --state at a new file to start a new baseline.',
    );
  }
  const header = data as { format?: unknown; version?: unknown };
  if (typeof data !== 'object' || data === null || header.format !== STATE_FILE_FORMAT) {
    throw new StateFileError(
      path,
      `is not a rolewatch state file (no "format": "${STATE_FILE_FORMAT}"). It was left unchanged.`,
    );
  }
  if (header.version !== STATE_FILE_VERSION) {
    throw new StateFileError(
      path,
      `has format version ${JSON.stringify(header.version)}; this rolewatch reads version ${STATE_FILE_VERSION}. ` +
        'It was left unchanged: use the rolewatch release that wrote it, or a new file.',
    );
  }
  const parsed = StateFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue === undefined
        ? ''
        : issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new StateFileError(
      path,
      `is damaged: ${where.replace(/^\./, '') || 'the file'}: ${issue?.message ?? 'invalid'}. It was left unchanged.`,
    );
  }
  return {
    items: asStateItems(parsed.data.items),
    clockMs: parsed.data.clockMs,
    savedAt: parsed.data.savedAt,
    bytes,
    existed: true,
  };
}

/** Output is written in chunks of about this many bytes: memory stays flat however large the state. */
const CHUNK_BYTES = 1 << 20;

/**
 * Writes the state atomically: a temporary file in the same folder, flushed to disk, then renamed over
 * the state file (and the folder flushed), so that a run killed at any moment leaves either the old file
 * or the new one, never a mix. Items are written one per line, in key order (the same state gives the
 * same bytes).
 */
export function writeStateFile(
  path: string,
  items: readonly StateItem[],
  clockMs: number,
  now: Date,
): number {
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${now.getTime()}`);
  const fd = openSync(temp, 'wx', 0o600);
  let bytes = 0;
  try {
    let chunk = `{"format":"${STATE_FILE_FORMAT}","version":${STATE_FILE_VERSION},"savedAt":"${now.toISOString()}","clockMs":${clockMs},"items":[`;
    items.forEach((item, i) => {
      chunk += `${i === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`;
      if (chunk.length >= CHUNK_BYTES) {
        bytes += writeSync(fd, chunk);
        chunk = '';
      }
    });
    chunk += '\n]}\n';
    bytes += writeSync(fd, chunk);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(temp);
    throw new StateFileError(path, `could not be written: ${(e as Error).message}`);
  }
  closeSync(fd);
  renameSync(temp, path);
  syncFolder(dirname(path));
  return bytes;
}

function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not every platform lets a folder be flushed; the rename is atomic all the same.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Temporary files left by runs that were killed while writing (only called with the lock held). */
function removeLeftovers(path: string): void {
  const prefix = `.${basename(path)}.tmp-`;
  try {
    for (const name of readdirSync(dirname(path))) {
      if (name.startsWith(prefix)) unlinkSync(join(dirname(path), name));
    }
  } catch {
    // Best effort: a leftover is never read.
  }
}

export interface OpenStateFile {
  readonly path: string;
  readonly store: MemoryStateStore;
  readonly loaded: LoadedState;
  /** Drops items expired a week (`LATENESS_MS`) before the trail's clock and writes the file atomically; returns the bytes written. */
  save(now: Date): number;
  /** Releases the lock (after `save`, or without saving). */
  close(): void;
}

export interface OpenStateFileOptions {
  /** How long to wait for another run's lock. */
  readonly lockWaitMs: number;
  readonly onNote?: (line: string) => void;
  readonly wallClock?: () => number;
}

/** `path` with its symbolic links resolved; as given when it does not exist yet (or cannot be resolved). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Opens a state file for a run: takes its lock, reads it (see {@link readStateFile}) into an in-memory
 * store that ages by the trail's clock. The lock is held until `close`, so that a second run waits and
 * then starts from what the first one saved.
 */
export async function openStateFile(given: string, options: OpenStateFileOptions): Promise<OpenStateFile> {
  // A symbolic link is followed: the file it names is the one locked, read and replaced (renaming onto the
  // link would turn it into a file of its own, and another run using the real path would not be excluded).
  const path = realPath(given);
  try {
    if (statSync(path).isDirectory()) throw new StateFileError(path, 'is a folder, not a file');
  } catch (e) {
    if (e instanceof StateFileError) throw e;
  }
  const lock: Lock = await acquireLock(path, {
    waitMs: options.lockWaitMs,
    ...(options.onNote === undefined ? {} : { onNote: options.onNote }),
  });
  try {
    const loaded = readStateFile(path);
    removeLeftovers(path);
    const store = new MemoryStateStore(
      options.wallClock === undefined ? {} : { wallClock: options.wallClock },
    );
    store.load(loaded.items, loaded.clockMs);
    return {
      path,
      store,
      loaded,
      save(now) {
        // Kept as long as a scan keeps them in memory: files read a run at a time, out of time order (late
        // deliveries, newest first), find the state the earlier runs left, as one scan of them all would.
        store.prune(store.clockMs - LATENESS_MS);
        return writeStateFile(path, store.items(), store.clockMs, now);
      },
      close: () => lock.release(),
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** A parser message on one line: the text it quotes may hold line breaks and tabs; they are shown escaped. */
const oneLine = (message: string): string =>
  message.replace(/[\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
