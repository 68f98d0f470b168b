/**
 * A state file that cannot be used: unreadable, not rolewatch state, of another version, or locked.
 * The CLI exits 2 with the message; the file is never reset or overwritten because of it.
 */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`state file ${file}: ${message}`, options);
    this.file = file;
  }
}
