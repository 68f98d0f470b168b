/**
 * Alerts were not delivered. Thrown so that Lambda retries (stream, events) rather than drop them;
 * the message names the sinks only, never a URL, token or finding content.
 */
export class AlertDeliveryError extends Error {
  override readonly name = 'AlertDeliveryError';
  readonly sinks: readonly string[];

  constructor(failures: readonly { readonly sink: string }[]) {
    const sinks = [...new Set(failures.map((f) => f.sink))];
    super(`alerts were not delivered by: ${sinks.join(', ')}`);
    this.sinks = sinks;
  }
}
