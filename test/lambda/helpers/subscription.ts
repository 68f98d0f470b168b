import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { NOW_MS } from './records.ts';

/** A CloudWatch Logs subscription event carrying `records` (one log event each), as Lambda receives it. */
export function subscription(records: readonly Record<string, unknown>[]): CloudWatchLogsEvent {
  const payload = {
    messageType: 'DATA_MESSAGE',
    owner: '444455556666',
    logGroup: 'aws-cloudtrail-logs-444455556666-org',
    logStream: '444455556666_CloudTrail_us-east-1',
    subscriptionFilters: ['rolewatch-sts'],
    logEvents: records.map((r, i) => ({ id: String(i), timestamp: NOW_MS, message: JSON.stringify(r) })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}
