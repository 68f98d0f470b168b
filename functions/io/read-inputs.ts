import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import type { InputError } from '../core/model/input-error.ts';
import type { Result } from '../core/model/result.ts';
import { err, ok } from '../core/model/result.ts';
import type { SourceItem } from '../core/pipeline/source-item.ts';

/** File names a folder walk reads (CONTRACT §5): these extensions, or none at all (Firehose names). */
const INPUT_EXTENSION = /\.(json|jsonl|ndjson|gz)$/i;

/**
 * A file larger than this is an input error rather than a read: nothing rolewatch reads comes close
 * (CloudTrail log files are a few MB), and a whole-file read must stay well within memory.
 */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024 * 1024;

/** Whether a folder walk reads a (not hidden) file of this name. */
export function isInputName(name: string): boolean {
  return INPUT_EXTENSION.test(name) || !name.includes('.');
}

/**
 * Hidden entries (`.DS_Store`, `.git/`, a tool's own marker file) are not part of a trail: a folder walk
 * passes them by without a word, as `ls` and most tools do. `.git/objects` alone would otherwise be
 * thousands of extensionless files read as inputs. Named on the command line, a hidden file is read.
 */
const isHidden = (name: string): boolean => name.startsWith('.');

/**
 * The input files under `paths`, one at a time: a path that is a file is always listed; a folder
 * is walked recursively, depth first, entries in code-unit order of their names, taking files
 * ending `.json`, `.jsonl`, `.ndjson` or `.gz` (any case) and files with no extension; other files
 * are listed as `ignored` (counted and named in a warning). Hidden files and folders (names starting
 * with `.`) are passed by. Inside a folder, symbolic links to files
 * are followed and links to folders are not. Only regular files are read: a FIFO, a device or a
 * socket (directly or through a link) would block or never end, so it is an input error naming it,
 * as is a missing or unreadable path. The walk goes on after every error. Nothing is read ahead.
 *
 * Synchronous: a scan has nothing else to do while it lists a folder, and a thread-pool round trip
 * per folder and per link left it idle for a noticeable share of a scan.
 */
export function* listInputFilesSync(paths: readonly string[]): Generator<SourceItem> {
  const visited = new Set<string>();
  for (const path of paths) {
    const info = statOf(path);
    if (!info.ok) yield { error: info.error };
    else if (info.value.isDirectory()) yield* walk(path, visited);
    else yield regularFile(path, info.value);
  }
}

function* walk(dir: string, visited: Set<string>): Generator<SourceItem> {
  let real: string;
  let entries: Dirent[];
  try {
    real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    yield { error: readError(dir, e) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isHidden(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(path, visited);
      continue;
    }
    if (!isInputName(entry.name)) {
      yield { ignored: path };
      continue;
    }
    if (entry.isFile()) {
      yield { file: path };
      continue;
    }
    // Links to files are read; links to folders are not followed (as `find` does): no loops, no
    // duplicates. A link to a FIFO or device is not read either.
    const target = statOf(path);
    if (!target.ok) yield { error: target.error };
    else if (!target.value.isDirectory()) yield regularFile(path, target.value);
  }
}

function regularFile(path: string, info: Stats): SourceItem {
  if (!info.isFile()) return { error: notRegular(path, info) };
  if (info.size > MAX_INPUT_FILE_BYTES) return { error: tooLarge(path, info.size) };
  return { file: path };
}

const notRegular = (path: string, info: Stats): InputError => ({
  kind: 'read',
  message: `not read: ${path} is ${kindOf(info)}, not a regular file`,
  location: { file: path },
});

const tooLarge = (path: string, size: number): InputError => ({
  kind: 'read',
  message: `not read: ${path} is ${size} bytes, more than the ${MAX_INPUT_FILE_BYTES}-byte limit per file`,
  location: { file: path },
});

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'something else';
}

/**
 * Reads one whole regular file synchronously. A scan judges one file at a time per thread and has
 * nothing else to do while it waits, so the thread-pool round trip and chunk copying of the async read
 * only cost time (a fifth of a one-worker scan in profiles). The file is checked again once open (it
 * may have been replaced by a FIFO since it was listed): opening a FIFO for reading does not block
 * with O_NONBLOCK, and it is refused before any read.
 */
export function readInputFileSync(file: string): Result<Uint8Array, InputError> {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return err(notRegular(file, info));
    if (info.size > MAX_INPUT_FILE_BYTES) return err(tooLarge(file, info.size));
    return ok(readFileSync(fd));
  } catch (e) {
    return err(readError(file, e));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function statOf(path: string): Result<Stats, InputError> {
  try {
    return ok(statSync(path));
  } catch (e) {
    return err(readError(path, e));
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder (or a broken symbolic link)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ERR_FS_FILE_TOO_LARGE: 'file too large to read at once (over 2 GiB)',
};

function readError(path: string, e: unknown): InputError {
  const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
  const reason = (code !== undefined ? REASONS[code] : undefined) ?? code ?? 'unreadable';
  return { kind: 'read', message: `cannot read ${path}: ${reason}`, location: { file: path } };
}
