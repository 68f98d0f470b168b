import {
  aws_athena as athena,
  Duration,
  aws_glue as glue,
  aws_iam as iam,
  aws_kms as kms,
  Stack,
  aws_s3 as s3,
  Validations,
} from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import {
  CLOUDTRAIL_INPUT_FORMAT,
  CLOUDTRAIL_OUTPUT_FORMAT,
  CLOUDTRAIL_PARTITION_KEYS,
  CLOUDTRAIL_SERDE,
  CLOUDTRAIL_TABLE_COLUMNS,
} from './cloudtrail-table-schema.ts';

/** Commercial regions enabled in every account (opt-in regions are added with `regions`). */
export const DEFAULT_TRAIL_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];

/** 100 GB: a week of a large organization's trail after pruning, with room; about $0.50 at $5/TB. */
export const DEFAULT_BYTES_SCANNED_CUTOFF = 100 * 1024 ** 3;

export interface AthenaTrailProps {
  /** The bucket the trail delivers to (it may belong to another account, e.g. a log-archive account). */
  readonly trailBucketName: string;
  /** The trail's `S3KeyPrefix`, without the trailing slash. @default '' (keys start with `AWSLogs/`) */
  readonly trailKeyPrefix?: string;
  /**
   * The organization id (`o-…`) of an organization trail, whose keys read `AWSLogs/o-…/<account>/…`.
   * @default - a single-account trail (`AWSLogs/<account>/…`)
   */
  readonly organizationId?: string;
  /**
   * The accounts whose logs the table covers: partition projection enumerates them (Athena cannot list
   * an unbounded key part). Redeploy when accounts join the organization.
   */
  readonly accountIds: readonly string[];
  /** The regions the trail records. @default DEFAULT_TRAIL_REGIONS (the 17 regions enabled by default) */
  readonly regions?: readonly string[];
  /** The Glue database. @default 'rolewatch' */
  readonly databaseName?: string;
  /** The table. @default 'cloudtrail' */
  readonly tableName?: string;
  /** The Athena workgroup. @default 'rolewatch' */
  readonly workGroupName?: string;
  /** Athena cancels a query of the workgroup that scans more. @default 100 GiB */
  readonly bytesScannedCutoffPerQuery?: number;
  /** Days query results are kept in the results bucket. @default 7 */
  readonly resultsExpirationDays?: number;
  /** The first day partition projection knows, `yyyy/MM/dd`. @default '2020/01/01' */
  readonly firstDay?: string;
  /** The KMS key of an SSE-KMS trail; `grantQuery` then grants `kms:Decrypt` on it. @default - SSE-S3 */
  readonly trailKmsKeyArn?: string;
}

/** Props that cannot be deployed: one sentence per problem, each naming the prop. */
export class AthenaTrailPropsError extends Error {
  override readonly name = 'AthenaTrailPropsError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`AthenaTrail: invalid props:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

function validate(props: AthenaTrailProps): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.trailBucketName))
    problems.push(`trailBucketName: '${props.trailBucketName}' is not an S3 bucket name`);
  if (props.trailKeyPrefix !== undefined && /^\/|\/$/.test(props.trailKeyPrefix))
    problems.push('trailKeyPrefix: no leading or trailing slash');
  if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId))
    problems.push(`organizationId: '${props.organizationId}' is not an organization id (o-…)`);
  if (props.accountIds.length === 0) problems.push('accountIds: name at least one account');
  for (const id of props.accountIds)
    if (!/^\d{12}$/.test(id)) problems.push(`accountIds: '${id}' is not a 12-digit account id`);
  for (const region of props.regions ?? [])
    if (!/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(region))
      problems.push(`regions: '${region}' is not a region name`);
  for (const [key, value] of [
    ['databaseName', props.databaseName],
    ['tableName', props.tableName],
  ] as const) {
    if (value !== undefined && !GLUE_NAME.test(value))
      problems.push(`${key}: '${value}' must be lower-case letters, digits and '_'`);
  }
  if (props.workGroupName !== undefined && !/^[A-Za-z0-9._-]{1,128}$/.test(props.workGroupName))
    problems.push(`workGroupName: '${props.workGroupName}' is not a workgroup name`);
  const cutoff = props.bytesScannedCutoffPerQuery;
  if (cutoff !== undefined && (!Number.isInteger(cutoff) || cutoff < 10_000_000))
    problems.push(
      "bytesScannedCutoffPerQuery: a whole number of bytes, at least 10,000,000 (Athena's minimum)",
    );
  const days = props.resultsExpirationDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1))
    problems.push('resultsExpirationDays: a whole number of days ≥ 1');
  if (props.firstDay !== undefined && !/^\d{4}\/\d{2}\/\d{2}$/.test(props.firstDay))
    problems.push(`firstDay: '${props.firstDay}' is not yyyy/MM/dd`);
  return problems;
}

/**
 * The organization-scale read path of `athena://`: a Glue table over the trail's S3 layout with
 * partition projection by account, region and day (no crawler, no `MSCK REPAIR`: Athena computes the
 * partitions a query's `WHERE` names), and an Athena workgroup (engine version 3, whose
 * `CAST(row AS JSON)` keeps field names) that enforces its own settings: results encrypted in a bucket
 * of their own that expires them, and a cap on the bytes a query may scan.
 *
 * @example
 * const trail = new AthenaTrail(this, 'Athena', {
 *   trailBucketName: 'org-cloudtrail', organizationId: 'o-a1b2c3d4e5', accountIds: ['111122223333'],
 * });
 * trail.grantQuery(reportFunction); // then scan athena://rolewatch.cloudtrail?workgroup=rolewatch
 */
export class AthenaTrail extends Construct {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;
  readonly resultsBucket: s3.Bucket;
  readonly databaseName: string;
  readonly tableName: string;
  readonly workGroupName: string;
  /** `s3://BUCKET/[PREFIX/]AWSLogs/[o-…/]`: where the table's data lies. */
  readonly trailLocation: string;
  /** What to scan: `athena://DATABASE.TABLE?workgroup=W`. */
  readonly sourceUrl: string;
  readonly #props: AthenaTrailProps;
  #trailBucket: s3.IBucket | undefined;
  #trailKey: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: AthenaTrailProps) {
    super(scope, id);
    const problems = validate(props);
    if (problems.length > 0) throw new AthenaTrailPropsError(problems);
    this.#props = props;
    const stack = Stack.of(this);
    this.databaseName = props.databaseName ?? 'rolewatch';
    this.tableName = props.tableName ?? 'cloudtrail';
    this.workGroupName = props.workGroupName ?? 'rolewatch';
    const prefix =
      props.trailKeyPrefix === undefined || props.trailKeyPrefix === '' ? '' : `${props.trailKeyPrefix}/`;
    const org = props.organizationId === undefined ? '' : `${props.organizationId}/`;
    this.trailLocation = `s3://${props.trailBucketName}/${prefix}AWSLogs/${org}`;
    this.sourceUrl = `athena://${this.databaseName}.${this.tableName}?workgroup=${this.workGroupName}`;

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: this.databaseName, description: 'rolewatch: CloudTrail for Athena' },
    });
    this.table = new glue.CfnTable(this, 'Table', {
      catalogId: stack.account,
      databaseName: this.databaseName,
      tableInput: {
        name: this.tableName,
        description: `CloudTrail logs under ${this.trailLocation}, partition-projected by account, region and day`,
        tableType: 'EXTERNAL_TABLE',
        parameters: projectionParameters({
          location: this.trailLocation,
          accountIds: props.accountIds,
          regions: props.regions ?? DEFAULT_TRAIL_REGIONS,
          firstDay: props.firstDay ?? '2020/01/01',
        }),
        partitionKeys: CLOUDTRAIL_PARTITION_KEYS.map((c) => ({ name: c.name, type: c.type })),
        storageDescriptor: {
          columns: CLOUDTRAIL_TABLE_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
          location: this.trailLocation,
          inputFormat: CLOUDTRAIL_INPUT_FORMAT,
          outputFormat: CLOUDTRAIL_OUTPUT_FORMAT,
          serdeInfo: { serializationLibrary: CLOUDTRAIL_SERDE },
        },
      },
    });
    this.table.addDependency(this.database);

    this.resultsBucket = new s3.Bucket(this, 'Results', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          expiration: Duration.days(props.resultsExpirationDays ?? 7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.resultsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Holds only Athena query results, which expire within days; Athena keeps each query in the ' +
        "workgroup's history and CloudTrail records who ran it.",
    });

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'rolewatch: queries over the CloudTrail table',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? DEFAULT_BYTES_SCANNED_CUTOFF,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }

  /**
   * What `rolewatch scan athena://…` needs: run and read queries in this workgroup, read the table's
   * definition, read the trail's log objects, and read and write the results bucket.
   */
  grantQuery(grantee: iam.IGrantable & IConstruct): void {
    const stack = Stack.of(this);
    const arn = (service: string, resource: string, region = stack.region): string =>
      stack.formatArn({ service, region, account: stack.account, resource });
    iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
      ],
      resourceArns: [arn('athena', `workgroup/${this.workGroupName}`)],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['athena:GetTableMetadata'],
      resourceArns: [arn('athena', 'datacatalog/AwsDataCatalog')],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable'],
      resourceArns: [
        arn('glue', 'catalog'),
        arn('glue', `database/${this.databaseName}`),
        arn('glue', `table/${this.databaseName}/${this.tableName}`),
      ],
    });
    this.#trailBucket ??= s3.Bucket.fromBucketName(this, 'TrailBucket', this.#props.trailBucketName);
    const trail = this.#trailBucket;
    const logsPrefix = this.trailLocation.slice(`s3://${this.#props.trailBucketName}/`.length);
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [trail.arnForObjects(`${logsPrefix}*`)],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resourceArns: [trail.bucketArn],
    });
    // What Athena does with the caller's credentials in the results location, and no more.
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resourceArns: [this.resultsBucket.bucketArn],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resourceArns: [this.resultsBucket.arnForObjects('*')],
    });
    const resultsId = stack.getLogicalId(this.resultsBucket.node.defaultChild as s3.CfnBucket);
    // The grants land in the grantee's default policy, so the acknowledgements go on the grantee.
    Validations.of(grantee).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${this.#props.trailBucketName}/${logsPrefix}*]`,
        reason:
          'CloudTrail writes one object per delivery with a generated name; reading is limited to the ' +
          "trail's AWSLogs/ prefix of this one bucket.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${resultsId}.Arn>/*]`,
        reason: 'Athena names each query result object by its execution id; the bucket holds nothing else.',
      },
    );
    if (this.#props.trailKmsKeyArn !== undefined) {
      this.#trailKey ??= kms.Key.fromKeyArn(this, 'TrailKey', this.#props.trailKmsKeyArn);
      this.#trailKey.grantDecrypt(grantee);
    }
  }
}

/** The table parameters of partition projection over CloudTrail's key layout. */
export function projectionParameters(options: {
  readonly location: string;
  readonly accountIds: readonly string[];
  readonly regions: readonly string[];
  readonly firstDay: string;
}): Record<string, string> {
  return {
    classification: 'cloudtrail',
    EXTERNAL: 'TRUE',
    'projection.enabled': 'true',
    'projection.account.type': 'enum',
    'projection.account.values': options.accountIds.join(','),
    'projection.region.type': 'enum',
    'projection.region.values': options.regions.join(','),
    'projection.day.type': 'date',
    'projection.day.format': 'yyyy/MM/dd',
    'projection.day.range': `${options.firstDay},NOW`,
    'projection.day.interval': '1',
    'projection.day.interval.unit': 'DAYS',
    'storage.location.template': `${options.location}\${account}/CloudTrail/\${region}/\${day}`,
  };
}

/**
 * The table as Athena DDL: what the construct creates, for the README and for anyone who sets the
 * table up by hand (`CREATE EXTERNAL TABLE` in the Athena console gives the same table).
 */
export function athenaTrailDdl(options: {
  readonly databaseName: string;
  readonly tableName: string;
  readonly location: string;
  readonly parameters: Readonly<Record<string, string>>;
}): string {
  const columns = CLOUDTRAIL_TABLE_COLUMNS.map((c) => `  \`${c.name}\` ${c.type}`).join(',\n');
  const partitions = CLOUDTRAIL_PARTITION_KEYS.map((c) => `\`${c.name}\` ${c.type}`).join(', ');
  const properties = Object.entries(options.parameters)
    .filter(([key]) => key !== 'EXTERNAL')
    .map(([key, value]) => `  '${key}'='${value}'`)
    .join(',\n');
  return [
    `CREATE EXTERNAL TABLE \`${options.databaseName}\`.\`${options.tableName}\` (`,
    columns,
    ')',
    `PARTITIONED BY (${partitions})`,
    `ROW FORMAT SERDE '${CLOUDTRAIL_SERDE}'`,
    `STORED AS INPUTFORMAT '${CLOUDTRAIL_INPUT_FORMAT}'`,
    `OUTPUTFORMAT '${CLOUDTRAIL_OUTPUT_FORMAT}'`,
    `LOCATION '${options.location}'`,
    'TBLPROPERTIES (',
    properties,
    ');',
  ].join('\n');
}
