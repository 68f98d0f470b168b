import type { Context, SQSRecord } from 'aws-lambda';
import { fakeContext } from './capture-output.ts';

const encodeKey = (key: string): string => encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

/** An S3 ObjectCreated notification naming `keys` (one S3 event record each), as S3 sends it to SQS. */
export function objectsCreated(bucket: string, keys: readonly string[]): string {
  return JSON.stringify({
    Records: keys.map((key, i) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2026-03-02T10:05:12.345Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AROAY5GE5XSBZEXAMPLE9:regionalDeliverySession' },
      requestParameters: { sourceIPAddress: '10.0.4.12' },
      responseElements: {
        'x-amz-request-id': 'C3D13FE58DE4C810',
        'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5W',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'cloudtrail-logs',
        bucket: {
          name: bucket,
          ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
          arn: `arn:aws:s3:::${bucket}`,
        },
        object: {
          key: encodeKey(key),
          size: 1024,
          eTag: 'd41d8cd98f00b204e9800998ecf8427e',
          sequencer: `0055AED6DCD90281E${i}`,
        },
      },
    })),
  });
}

/** One SQS message as the event source mapping hands it to the function. */
export function sqsMessage(messageId: string, body: string, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `AQEB${messageId}-${receiveCount}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1772445912345',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1772445912350',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:444455556666:rolewatch-trail-objects',
    awsRegion: 'us-east-1',
  };
}

/** A Lambda context whose time left runs on the test's clock: the invocation ends at `endMs`. */
export function clockedContext(name: string, requestId: string, now: () => number, endMs: number): Context {
  return { ...fakeContext(name, requestId), getRemainingTimeInMillis: () => Math.max(0, endMs - now()) };
}
