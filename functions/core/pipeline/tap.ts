import type { CredentialEvent } from '../model/credential-event.ts';
import type { Finding } from '../model/finding.ts';

/**
 * A pure reducer over the events the pipeline judges, for what needs more than findings: the audit
 * report's activity tables, the state store's facts, trust learning, Lambda metrics. The pipeline
 * creates one accumulator per input and hands it back in {@link InputResult.taps} under the tap's id;
 * results of several inputs combine with `merge`.
 *
 * Accumulators are plain data (structured-cloneable): they cross worker threads.
 */
export interface Tap<A = unknown> {
  readonly id: string;
  create(): A;
  /** One judged credential event and the findings the stateless rules raised for it. */
  onEvent(acc: A, event: CredentialEvent, findings: readonly Finding[]): void;
  /** Both accumulators together; may reuse either argument, which the caller no longer uses. */
  merge(a: A, b: A): A;
}
