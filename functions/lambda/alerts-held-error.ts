/**
 * Alerts another invocation had claimed were still undelivered when this one stopped waiting for them.
 * Thrown (stream, events) so that Lambda retries the event: if that invocation delivers them, the retry
 * finds them delivered; if it failed or crashed, its claims have been released or their lease has ended,
 * and the retry sends them. The message names sinks and a count, never finding content.
 */
export class AlertsHeldError extends Error {
  override readonly name = 'AlertsHeldError';
  readonly sinks: readonly string[];

  constructor(held: readonly { readonly sink: string }[]) {
    const sinks = [...new Set(held.map((h) => h.sink))];
    super(
      `${held.length} alert(s) for ${sinks.join(', ')} are claimed by another invocation that has not delivered them yet: retried later`,
    );
    this.sinks = sinks;
  }
}
