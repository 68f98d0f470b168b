/**
 * Maps offsets in a text to 1-based lines and columns. Offsets must be asked for in
 * non-decreasing order, so a whole file is counted once however many positions are looked up.
 */
export class LineCounter {
  readonly #text: string;
  #offset = 0;
  #line = 1;
  #lineStart = 0;
  /** The first newline at or after #offset (-1: none), kept so that asking again does not search again. */
  #nextNewline: number | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  /** 1-based line of `offset`; a newline character belongs to the line it ends. */
  lineAt(offset: number): number {
    this.#advance(offset);
    return this.#line;
  }

  /** 1-based column of `offset`, in UTF-16 code units. */
  columnAt(offset: number): number {
    this.#advance(offset);
    return offset - this.#lineStart + 1;
  }

  #advance(offset: number): void {
    if (offset < this.#offset) {
      this.#offset = 0;
      this.#line = 1;
      this.#lineStart = 0;
      this.#nextNewline = undefined;
    }
    const text = this.#text;
    let nl = this.#nextNewline ?? text.indexOf('\n', this.#offset);
    while (nl !== -1 && nl < offset) {
      this.#line++;
      this.#lineStart = nl + 1;
      nl = text.indexOf('\n', nl + 1);
    }
    this.#offset = offset;
    this.#nextNewline = nl;
  }
}

/** Line and column of one offset, for one-off messages. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const counter = new LineCounter(text);
  return { line: counter.lineAt(offset), column: counter.columnAt(offset) };
}
