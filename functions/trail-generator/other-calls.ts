import { PARTITION } from './org.ts';
import type { Prng } from './prng.ts';
import { type Caller, type PlacedRecord, placeCall } from './records.ts';

/**
 * Everyday non-STS traffic: rolewatch must read and skip it. These dominate real trails, so the
 * benchmark would be meaningless without them.
 */
export type OtherCallKind = 's3-get-object' | 'ec2-describe-instances' | 'kms-decrypt' | 'ssm-get-parameter';

export function otherCall(
  rng: Prng,
  kind: OtherCallKind,
  caller: Caller,
  region: string,
  timeMs: number,
): PlacedRecord[] {
  const account = caller.accountId ?? '';
  const common = { caller, region, timeMs, recipientAccountId: account };
  switch (kind) {
    case 's3-get-object': {
      const bucket = rng.pick(['acme-orders-exports', 'acme-static-assets', 'acme-ml-features']);
      const key = `${rng.pick(['2026', 'daily', 'shards'])}/${rng.bytes(6).toString('hex')}/part-${rng.int(0, 999)}.parquet`;
      return placeCall(
        rng,
        {
          ...common,
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          eventVersion: '1.10',
          readOnly: true,
          management: false,
          requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${region}.amazonaws.com`, key },
          responseElements: null,
          additionalEventData: {
            SignatureVersion: 'SigV4',
            CipherSuite: 'TLS_AES_128_GCM_SHA256',
            bytesTransferredIn: 0,
            AuthenticationMethod: 'AuthHeader',
            'x-amz-id-2': rng.bytes(48).toString('base64'),
            bytesTransferredOut: rng.int(200, 9_000_000),
          },
          requestID: rng.chars(16, '0123456789ABCDEF'),
          resources: [
            { type: 'AWS::S3::Object', ARN: `arn:${PARTITION}:s3:::${bucket}/${key}` },
            { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:${PARTITION}:s3:::${bucket}` },
          ],
        },
        account,
      );
    }
    case 'ec2-describe-instances':
      return placeCall(
        rng,
        {
          ...common,
          eventSource: 'ec2.amazonaws.com',
          eventName: 'DescribeInstances',
          eventVersion: '1.10',
          readOnly: true,
          requestParameters: {
            instancesSet: {},
            filterSet: {
              items: [{ name: 'instance-state-name', valueSet: { items: [{ value: 'running' }] } }],
            },
          },
          responseElements: null,
        },
        account,
      );
    case 'kms-decrypt': {
      const keyId = rng.uuid();
      return placeCall(
        rng,
        {
          ...common,
          eventSource: 'kms.amazonaws.com',
          eventName: 'Decrypt',
          eventVersion: '1.10',
          readOnly: true,
          requestParameters: {
            encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
            encryptionContext: {
              'aws:lambda:FunctionArn': `arn:${PARTITION}:lambda:${region}:${account}:function:orders-api`,
            },
          },
          responseElements: null,
          resources: [
            {
              accountId: account,
              type: 'AWS::KMS::Key',
              ARN: `arn:${PARTITION}:kms:${region}:${account}:key/${keyId}`,
            },
          ],
        },
        account,
      );
    }
    case 'ssm-get-parameter':
      return placeCall(
        rng,
        {
          ...common,
          eventSource: 'ssm.amazonaws.com',
          eventName: 'GetParameter',
          eventVersion: '1.08',
          readOnly: true,
          requestParameters: {
            name: `/acme/${rng.pick(['checkout', 'search', 'orders'])}/feature-flags`,
            withDecryption: true,
          },
          responseElements: null,
        },
        account,
      );
  }
}
