import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { processPartialBatch } from '../../functions/lambda/batch-response.ts';
import { readS3Object, streamS3Object } from '../../functions/lambda/read-s3-object.ts';
import { deniedAssumeRole } from './helpers/records.ts';

const ref = {
  bucket: 'org-trail-logs',
  key: 'AWSLogs/444455556666/CloudTrail/us-east-1/2026/03/02/f.json.gz',
};
const logText = JSON.stringify({ Records: [deniedAssumeRole()] });

describe('reading a CloudTrail object from S3', () => {
  const s3 = new S3Client({ region: 'us-east-1' });
  const mock = mockClient(s3);
  afterEach(() => mock.reset());

  it('stops a body that is still streaming when the signal ends the read, gzip or not', async () => {
    const gz = gzipSync(logText);
    for (const first of [gz.subarray(0, 50), Buffer.from(logText.slice(0, 50))]) {
      // The first bytes arrive, then the body stalls (a slow network): only the signal can end it.
      const stalled = new Readable({ read() {} });
      stalled.push(first);
      mock.on(GetObjectCommand).resolves({ Body: stalled as never });

      const result = await streamS3Object(s3, ref, 1 << 20, () => undefined, AbortSignal.timeout(50));

      expect(result.ok ? 'read' : result.error).toEqual({
        kind: 'stopped',
        message: 'reading stopped at the delivery deadline',
      });
      expect(stalled.destroyed).toBe(true);
    }
  });

  it('gunzips a gzip body as it streams, in several chunks', async () => {
    const gz = gzipSync(logText);
    mock
      .on(GetObjectCommand)
      .resolves({ Body: Readable.from([gz.subarray(0, 1), gz.subarray(1, 50), gz.subarray(50)]) as never });

    const result = await readS3Object(s3, ref);

    expect(result.ok && result.value.toString('utf8')).toBe(logText);
  });

  it('reads a body that is not gzip as it is', async () => {
    mock.on(GetObjectCommand).resolves({ Body: Readable.from([Buffer.from(logText)]) as never });

    const result = await readS3Object(s3, ref);

    expect(result.ok && result.value.toString('utf8')).toBe(logText);
  });

  it('refuses an object larger than the cap after decompression', async () => {
    mock.on(GetObjectCommand).resolves({ Body: Readable.from([gzipSync(logText)]) as never });

    const result = await readS3Object(s3, ref, 100);

    expect(!result.ok && result.error.kind).toBe('too-large');
  });

  it('names a missing object a read error', async () => {
    mock
      .on(GetObjectCommand)
      .rejects(
        new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
      );

    const result = await readS3Object(s3, ref);

    expect(result).toEqual({
      ok: false,
      error: { kind: 'read', message: 'cannot get the object (NoSuchKey, HTTP 404)' },
    });
  });
});

describe('partial batch responses', () => {
  const message = (id: string): SQSRecord =>
    ({ messageId: id, body: '{}', receiptHandle: `h-${id}`, eventSource: 'aws:sqs' }) as unknown as SQSRecord;

  it('reports messages that failed or threw, in batch order, and processes all the others', async () => {
    const seen: string[] = [];
    const thrown: string[] = [];

    const response = await processPartialBatch(
      ['a', 'b', 'c', 'd', 'e'].map(message),
      async (r) => {
        seen.push(r.messageId);
        if (r.messageId === 'd') throw new Error('boom');
        return r.messageId !== 'b';
      },
      { concurrency: 2, onThrow: (r) => thrown.push(r.messageId) },
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'b' }, { itemIdentifier: 'd' }]);
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(thrown).toEqual(['d']);
  });
});
