import { aws_dynamodb as dynamodb, type aws_iam as iam, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** The TTL attribute every state item carries (epoch seconds); functions/adapters/state writes it. */
export const STATE_TTL_ATTRIBUTE = 'expiresAt';

/**
 * What the functions do to the table: strongly consistent batch reads, conditional puts and updates.
 * No Scan, Query, DeleteItem or BatchWriteItem: expired items are deleted by DynamoDB's TTL.
 */
const STATE_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

export interface StateTableProps {
  /** @default RemovalPolicy.RETAIN: the baseline of first-seen pairs outlives the stack */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The DynamoDB table of `ROLEWATCH_STATE=dynamodb:<table>` (README "State"): partition key `pk` (string)
 * and no sort key, on-demand capacity, point-in-time recovery on, TTL on `expiresAt`, AWS-owned
 * encryption. Functions get access with {@link grantState}, limited to the actions the store uses.
 */
export class StateTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: StateTableProps = {}) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: STATE_TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /** `ROLEWATCH_STATE` for the functions that use this table. */
  get environmentValue(): string {
    return `dynamodb:${this.table.tableName}`;
  }

  /** Lets a function read and write state items, and nothing else, on this table only. */
  grantState(grantee: iam.IGrantable): iam.Grant {
    return this.table.grant(grantee, ...STATE_ACTIONS);
  }
}
