/**
 * How long a claim on a (finding, sink) holds (README "Alert claims", under "The DynamoDB table"). A claim is *live* while
 * the invocation that made it may still send: its sends, retries included, stop at the delivery deadline
 * (the invocation's end less `DELIVERY_MARGIN_MS`), and Lambda stops the invocation at its end, so after
 * that nothing of it runs. The lease is the end of the claimant's invocation plus {@link LEASE_MARGIN_MS};
 * with the CDK app's timeouts at most 40 s (`events`, 30 s), 70 s (`stream`, 60 s) and 5 min 10 s
 * (`s3-batch`, 5 min) after the invocation started.
 */

/** Lambda's longest timeout: a delivery with no invocation deadline (a local run) is held this long. */
export const MAX_INVOCATION_MS = 15 * 60_000;

/**
 * Added past the end of the claimant's invocation: the clocks of two hosts may differ (Lambda's are
 * synchronised to well under a second), and a mark or release request sent just before the end may reach
 * DynamoDB just after it.
 */
export const LEASE_MARGIN_MS = 10_000;

/**
 * When a claim made now stops holding: `invocationEndMs` (now + `getRemainingTimeInMillis()`) plus the
 * margin, or {@link MAX_INVOCATION_MS} from now when the invocation's end is not known.
 */
export function leaseEndMs(nowMs: number, invocationEndMs: number | undefined): number {
  return (invocationEndMs ?? nowMs + MAX_INVOCATION_MS) + LEASE_MARGIN_MS;
}
