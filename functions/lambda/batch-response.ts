import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/**
 * Runs `processOne` for every SQS message, at most `concurrency` at a time, and answers with the ids
 * of the messages that failed (returned `false` or threw), so that only those are re-driven.
 */
export async function processPartialBatch(
  records: readonly SQSRecord[],
  processOne: (record: SQSRecord) => Promise<boolean>,
  options: { concurrency: number; onThrow: (record: SQSRecord, error: unknown) => void },
): Promise<SQSBatchResponse> {
  const failed = new Set<string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < records.length) {
      const record = records[next++];
      if (record === undefined) continue;
      try {
        if (!(await processOne(record))) failed.add(record.messageId);
      } catch (e) {
        options.onThrow(record, e);
        failed.add(record.messageId);
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, records.length));
  await Promise.all(Array.from({ length: workers }, worker));
  // Keep the batch's order: easier to read in logs and tests.
  return {
    batchItemFailures: records
      .filter((r) => failed.has(r.messageId))
      .map((r) => ({ itemIdentifier: r.messageId })),
  };
}
