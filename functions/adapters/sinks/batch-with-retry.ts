import { describeError } from '../describe-error.ts';
import { RetryableError, type RetryOptions, withRetry } from '../retry.ts';

/** How a batch API call went for each entry it was sent: an error code, or undefined when accepted. */
export type EntryOutcomes = readonly (string | undefined)[];

export interface BatchWithRetryOptions<E> {
  /** Sends `pending` in one call and returns one outcome per entry, in order; throws when the call fails. */
  readonly send: (pending: readonly E[]) => Promise<EntryOutcomes>;
  /** Error codes that will fail the same way however often they are sent (validation, access). */
  readonly permanent: RegExp;
  /** How messages name the entries and their delivery: `entries` / `accepted`, `findings` / `imported`. */
  readonly noun: string;
  readonly verb: string;
  readonly retry?: RetryOptions;
}

/** What was not delivered, with a secret-free reason for the SinkError. */
export interface BatchOutcome<E = unknown> {
  readonly failed: number;
  /** The entries not delivered (rejected, or still failing when the retries ran out). */
  readonly notDelivered: readonly E[];
  readonly reason: string;
  readonly error?: unknown;
}

/**
 * Delivers one batch through a call that accepts some entries and rejects others (`PutEvents`,
 * `BatchImportFindings`): rejected entries are sent again, alone, with the retry budget shared with
 * whole-call failures (throttling, 5xx); entries rejected with a permanent code are not resent.
 */
export async function sendBatchWithRetry<E>(
  batch: readonly E[],
  options: BatchWithRetryOptions<E>,
): Promise<BatchOutcome<E>> {
  const { noun, verb } = options;
  let pending = [...batch];
  const rejected: string[] = [];
  const rejectedEntries: E[] = [];
  try {
    await withRetry(async () => {
      const outcomes = await options.send(pending);
      const again: E[] = [];
      const codes = new Set<string>();
      pending.forEach((entry, i) => {
        const code = outcomes[i];
        if (code === undefined) return;
        if (options.permanent.test(code)) {
          rejected.push(code);
          rejectedEntries.push(entry);
        } else {
          again.push(entry);
          codes.add(code);
        }
      });
      pending = again;
      if (pending.length > 0) {
        throw new RetryableError(`${pending.length} ${noun} failed (${[...codes].join(', ')})`);
      }
    }, options.retry);
  } catch (error) {
    const failed = pending.length + rejected.length;
    return {
      failed,
      notDelivered: [...pending, ...rejectedEntries],
      reason: `${failed} ${noun} not ${verb}: ${describeError(error)}`,
      error,
    };
  }
  if (rejected.length > 0) {
    return {
      failed: rejected.length,
      notDelivered: rejectedEntries,
      reason: `${noun} rejected: ${[...new Set(rejected)].join(', ')}`,
    };
  }
  return { failed: 0, notDelivered: [], reason: '' };
}
