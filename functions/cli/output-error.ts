/**
 * Output rolewatch could not write: `--out` names a file or an unwritable place, the disk is full, or the
 * reader of standard output went away (`rolewatch scan … | head`). Exit 2 with what and why (CONTRACT §5:
 * a path the command cannot use), never "a bug in rolewatch" (3) nor a code a CI gate reads as a verdict.
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

const REASONS: Readonly<Record<string, string>> = {
  EEXIST: 'a file of that name is in the way (a folder is needed)',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  ENOENT: 'a part of the path does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  EPIPE: 'the reader went away (EPIPE)',
};

/** The error code of a failed system call, if `e` is one. */
export const errnoCode = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
};

/**
 * Runs `write`; a system error while writing `path` becomes an {@link OutputError} naming the path and the
 * reason. Anything else (a bug) is thrown as it is.
 */
export function writingTo<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    const code = errnoCode(e);
    if (code === undefined) throw e;
    throw new OutputError(`cannot write ${path}: ${REASONS[code] ?? code}`);
  }
}

/** What a closed standard output is reported as. */
export const STDOUT_CLOSED = 'standard output was closed before everything was written (EPIPE): stopped';
