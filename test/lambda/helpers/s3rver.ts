import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startLocalS3 } from '../../support/s3rver.ts';

/**
 * The one local S3 of the tests and `npm run demo:s3` (functions/tools/local-s3.ts: s3rver on loopback,
 * its listing defects repaired), as the Lambda tests use it: a client and a way to stop.
 */
export async function startS3rver(
  buckets: readonly string[],
): Promise<{ client: S3Client; stop: () => Promise<void> }> {
  const s3 = await startLocalS3(buckets);
  return { client: s3.client, stop: s3.stop };
}

export async function putObject(
  client: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}
