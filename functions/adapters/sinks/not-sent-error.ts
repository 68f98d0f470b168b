/**
 * A sink was not called at all: the delivery deadline had passed before its send would have started.
 * Unlike a send cut off at the deadline (which may still go through), nothing went out, so the caller may
 * release what it had claimed for the sink; the input is re-driven all the same.
 */
export class NotSentError extends Error {
  override readonly name = 'NotSentError';
  readonly sink: string;

  constructor(sink: string) {
    super(`${sink}: not sent, the function's time for delivery had run out; the input is re-driven`);
    this.sink = sink;
  }
}
