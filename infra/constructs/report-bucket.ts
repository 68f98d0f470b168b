import { Duration, RemovalPolicy, aws_s3 as s3, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface ReportBucketProps {
  /** Days a report is kept (current version). @default 400 */
  readonly retentionDays?: number;
  /** Days an overwritten or deleted report's older version is kept. @default 30 */
  readonly noncurrentVersionDays?: number;
}

/**
 * Where the scheduled audit reports go (`YYYY/MM/DD/`): encrypted (SSE-S3), versioned, TLS only, no
 * public access, object ownership enforced, a lifecycle rule that expires old reports and old
 * versions, and server access logs in a bucket of their own.
 */
export class ReportBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ReportBucketProps = {}) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 400;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new Error(`ReportBucket: retentionDays must be a whole number of days ≥ 1, not ${retentionDays}`);
    }
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(retentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: "This bucket holds the report bucket's server access logs; logging it again would loop.",
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // exactOptionalPropertyTypes: Bucket's optional `isWebsite` is `boolean | undefined`.
      serverAccessLogsBucket: this.accessLogs as s3.IBucket,
      serverAccessLogsPrefix: 'report-bucket/',
      lifecycleRules: [
        {
          id: 'expire-old-reports',
          expiration: Duration.days(retentionDays),
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      // Audit evidence outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
