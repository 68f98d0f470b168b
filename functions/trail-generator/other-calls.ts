import { PARTITION } from './org.ts';
import type { Prng } from './prng.ts';
import { type Caller, type PlacedRecord, placeCall, type RecordSpec } from './records.ts';

/**
 * Everyday non-STS traffic: rolewatch must read and skip it. These dominate real trails, so the
 * benchmark would be meaningless without them.
 */
export type OtherCallKind =
  | 's3-get-object'
  | 'ec2-describe-instances'
  | 'kms-decrypt'
  | 'ssm-get-parameter'
  | RealisticCallKind;

/**
 * The wider mix used with `--sts-share` (the benchmark's trails): the services that dominate real trails,
 * with the request shapes that make their records as large as real ones (filter sets, encryption
 * contexts, S3's additionalEventData, Lambda and CloudWatch Logs resources).
 */
export type RealisticCallKind =
  | 'ec2-describe-security-groups'
  | 'ec2-describe-volumes'
  | 's3-put-object'
  | 'kms-generate-data-key'
  | 'lambda-invoke'
  | 'lambda-get-function'
  | 'logs-create-log-stream'
  | 'logs-describe-log-groups'
  | 'dynamodb-describe-table';

export const REALISTIC_CALL_WEIGHTS: Readonly<Record<OtherCallKind, number>> = {
  's3-get-object': 14,
  's3-put-object': 8,
  'kms-decrypt': 14,
  'kms-generate-data-key': 6,
  'ec2-describe-instances': 8,
  'ec2-describe-security-groups': 5,
  'ec2-describe-volumes': 4,
  'ssm-get-parameter': 8,
  'lambda-invoke': 8,
  'lambda-get-function': 3,
  'logs-create-log-stream': 8,
  'logs-describe-log-groups': 3,
  'dynamodb-describe-table': 3,
};

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
    case 'ec2-describe-security-groups':
    case 'ec2-describe-volumes':
    case 's3-put-object':
    case 'kms-generate-data-key':
    case 'lambda-invoke':
    case 'lambda-get-function':
    case 'logs-create-log-stream':
    case 'logs-describe-log-groups':
    case 'dynamodb-describe-table':
      return placeCall(rng, { ...common, ...realisticCall(rng, kind, account, region) }, account);
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

const hex = (rng: Prng, bytes: number): string => rng.bytes(bytes).toString('hex');
const FUNCTIONS = ['orders-api', 'checkout-worker', 'search-indexer', 'image-resizer', 'audit-export'];
const TABLES = ['orders', 'sessions', 'feature-flags', 'inventory'];

type CallShape = Pick<
  RecordSpec,
  | 'eventSource'
  | 'eventName'
  | 'eventVersion'
  | 'readOnly'
  | 'management'
  | 'requestParameters'
  | 'responseElements'
  | 'additionalEventData'
  | 'resources'
>;

function realisticCall(rng: Prng, kind: RealisticCallKind, account: string, region: string): CallShape {
  switch (kind) {
    case 'ec2-describe-security-groups':
      return {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeSecurityGroups',
        eventVersion: '1.10',
        readOnly: true,
        requestParameters: {
          securityGroupSet: {},
          securityGroupIdSet: {
            items: [{ groupId: `sg-0${hex(rng, 8)}` }, { groupId: `sg-0${hex(rng, 8)}` }],
          },
          filterSet: {
            items: [
              { name: 'vpc-id', valueSet: { items: [{ value: `vpc-0${hex(rng, 8)}` }] } },
              { name: 'group-name', valueSet: { items: [{ value: 'default' }, { value: 'app-*' }] } },
            ],
          },
        },
        responseElements: null,
      };
    case 'ec2-describe-volumes':
      return {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeVolumes',
        eventVersion: '1.10',
        readOnly: true,
        requestParameters: {
          volumeSet: { items: [{ volumeId: `vol-0${hex(rng, 8)}` }] },
          filterSet: {
            items: [
              { name: 'attachment.instance-id', valueSet: { items: [{ value: `i-0${hex(rng, 8)}` }] } },
              { name: 'status', valueSet: { items: [{ value: 'in-use' }, { value: 'available' }] } },
            ],
          },
          maxResults: 500,
        },
        responseElements: null,
      };
    case 's3-put-object': {
      const bucket = rng.pick(['acme-orders-exports', 'acme-ml-features', 'acme-audit-archive']);
      const key = `ingest/${rng.int(2024, 2026)}/${hex(rng, 6)}/batch-${rng.int(0, 99_999)}.json.gz`;
      return {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutObject',
        eventVersion: '1.10',
        readOnly: false,
        management: false,
        requestParameters: {
          bucketName: bucket,
          Host: `${bucket}.s3.${region}.amazonaws.com`,
          key,
          'x-amz-server-side-encryption': 'aws:kms',
          'x-amz-server-side-encryption-aws-kms-key-id': `arn:${PARTITION}:kms:${region}:${account}:key/${rng.uuid()}`,
        },
        responseElements: {
          'x-amz-server-side-encryption': 'aws:kms',
          'x-amz-server-side-encryption-aws-kms-key-id': `arn:${PARTITION}:kms:${region}:${account}:key/${rng.uuid()}`,
          'x-amz-version-id': rng.bytes(24).toString('base64url'),
        },
        additionalEventData: {
          SignatureVersion: 'SigV4',
          CipherSuite: 'TLS_AES_128_GCM_SHA256',
          bytesTransferredIn: rng.int(500, 4_000_000),
          SSEApplied: 'SSE_KMS',
          AuthenticationMethod: 'AuthHeader',
          'x-amz-id-2': rng.bytes(48).toString('base64'),
          bytesTransferredOut: 0,
        },
        resources: [
          { type: 'AWS::S3::Object', ARN: `arn:${PARTITION}:s3:::${bucket}/${key}` },
          { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:${PARTITION}:s3:::${bucket}` },
        ],
      };
    }
    case 'kms-generate-data-key':
      return {
        eventSource: 'kms.amazonaws.com',
        eventName: 'GenerateDataKey',
        eventVersion: '1.10',
        readOnly: true,
        requestParameters: {
          keyId: `arn:${PARTITION}:kms:${region}:${account}:alias/acme-data`,
          keySpec: 'AES_256',
          encryptionContext: {
            'aws:s3:arn': `arn:${PARTITION}:s3:::acme-ml-features/shards/${hex(rng, 6)}/part-${rng.int(0, 999)}.parquet`,
          },
        },
        responseElements: null,
        resources: [
          {
            accountId: account,
            type: 'AWS::KMS::Key',
            ARN: `arn:${PARTITION}:kms:${region}:${account}:key/${rng.uuid()}`,
          },
        ],
      };
    case 'lambda-invoke': {
      const fn = rng.pick(FUNCTIONS);
      const arn = `arn:${PARTITION}:lambda:${region}:${account}:function:${fn}`;
      return {
        eventSource: 'lambda.amazonaws.com',
        eventName: 'Invoke',
        eventVersion: '1.09',
        readOnly: false,
        management: false,
        requestParameters: {
          functionName: arn,
          invocationType: rng.pick(['RequestResponse', 'Event']),
          sourceArn: `arn:${PARTITION}:sqs:${region}:${account}:${fn}-queue`,
        },
        responseElements: null,
        additionalEventData: { functionVersion: `${arn}:$LATEST` },
        resources: [{ accountId: account, type: 'AWS::Lambda::Function', ARN: arn }],
      };
    }
    case 'lambda-get-function': {
      const fn = rng.pick(FUNCTIONS);
      return {
        eventSource: 'lambda.amazonaws.com',
        eventName: 'GetFunction20150331v2',
        eventVersion: '1.08',
        readOnly: true,
        requestParameters: { functionName: fn },
        responseElements: null,
      };
    }
    case 'logs-create-log-stream': {
      const fn = rng.pick(FUNCTIONS);
      return {
        eventSource: 'logs.amazonaws.com',
        eventName: 'CreateLogStream',
        eventVersion: '1.08',
        readOnly: false,
        requestParameters: {
          logGroupName: `/aws/lambda/${fn}`,
          logStreamName: `2026/11/01/[$LATEST]${hex(rng, 16)}`,
        },
        responseElements: null,
        resources: [
          {
            accountId: account,
            type: 'AWS::Logs::LogGroup',
            ARN: `arn:${PARTITION}:logs:${region}:${account}:log-group:/aws/lambda/${fn}`,
          },
        ],
      };
    }
    case 'logs-describe-log-groups':
      return {
        eventSource: 'logs.amazonaws.com',
        eventName: 'DescribeLogGroups',
        eventVersion: '1.08',
        readOnly: true,
        requestParameters: { logGroupNamePrefix: `/aws/lambda/${rng.pick(FUNCTIONS)}`, limit: 50 },
        responseElements: null,
      };
    case 'dynamodb-describe-table': {
      const table = rng.pick(TABLES);
      return {
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'DescribeTable',
        eventVersion: '1.08',
        readOnly: true,
        requestParameters: { tableName: table },
        responseElements: null,
        resources: [
          {
            accountId: account,
            type: 'AWS::DynamoDB::Table',
            ARN: `arn:${PARTITION}:dynamodb:${region}:${account}:table/${table}`,
          },
        ],
      };
    }
  }
}
