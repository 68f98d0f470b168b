import {
  Aws,
  aws_events as events,
  aws_iam as iam,
  aws_kms as kms,
  RemovalPolicy,
  Stack,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MIN_SEVERITY_VARIABLE, type SinkName } from '../../functions/adapters/sinks/alert-sink.ts';
import type { Severity } from '../../functions/core/model/severity.ts';

export interface AlertingProps {
  /** Create an SNS topic encrypted with a new customer managed key. @default false */
  readonly topic?: boolean;
  /** An address subscribed to the topic. @default - none */
  readonly email?: string;
  /** Complete ARN of the secret with the Slack webhook URL. @default - no Slack */
  readonly slackWebhookSecretArn?: string;
  /** The customer managed key of that secret. @default - the AWS managed key (no grant needed) */
  readonly slackSecretKmsKeyArn?: string;
  /** Import findings into the account's own Security Hub product. @default false */
  readonly securityHub?: boolean;
  /** Event bus name or ARN for the EventBridge sink. @default - none */
  readonly eventBusName?: string;
  /** Findings as log lines. @default true */
  readonly log?: boolean;
  /** `ROLEWATCH_ALERT_MIN_SEVERITY`. @default - the functions' default */
  readonly minSeverity?: Severity;
  /** `ROLEWATCH_<SINK>_MIN_SEVERITY`, per sink. @default - none */
  readonly sinkMinSeverity?: Readonly<Partial<Record<SinkName, Severity>>>;
}

/**
 * The alert sinks: the resources they need, the environment that selects and configures them
 * (`ROLEWATCH_ALERT_SINKS` and each sink's settings) and a grant of exactly what each one calls.
 */
export class Alerting extends Construct {
  /** The findings topic, when created; alarms notify it too. */
  readonly topic: sns.Topic | undefined;
  /** Names of the enabled sinks, in `ROLEWATCH_ALERT_SINKS` order. */
  readonly sinks: readonly SinkName[];
  /** The alert part of every function's environment. */
  readonly environment: Readonly<Record<string, string>>;
  /** What the scheduled report needs of it: the topic its summary goes to, when there is one. */
  readonly summaryEnvironment: Readonly<Record<string, string>> = {};
  #publish: ((grantee: iam.IGrantable) => void) | undefined;
  readonly #grants: ((grantee: iam.IGrantable) => void)[] = [];

  constructor(scope: Construct, id: string, props: AlertingProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const sinks: SinkName[] = [];
    const env: Record<string, string> = {};

    if (props.topic === true) {
      const key = new kms.Key(this, 'TopicKey', {
        description: 'rolewatch: encrypts the findings topic',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // CloudWatch alarms publish to the topic, so the service must be able to use its key.
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
      );
      const topic = new sns.Topic(this, 'Topic', {
        displayName: 'rolewatch findings',
        masterKey: key,
        enforceSSL: true,
      });
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
      );
      if (props.email !== undefined) topic.addSubscription(new subscriptions.EmailSubscription(props.email));
      this.topic = topic;
      sinks.push('sns');
      env.ROLEWATCH_SNS_TOPIC_ARN = topic.topicArn;
      this.summaryEnvironment = { ROLEWATCH_SNS_TOPIC_ARN: topic.topicArn };
      this.#publish = (grantee) => {
        // grantPublish also grants kms:Decrypt and kms:GenerateDataKey* on the topic's key.
        topic.grantPublish(grantee);
        const principal = grantee.grantPrincipal;
        if (Construct.isConstruct(principal)) {
          Validations.of(principal).acknowledge({
            id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
            reason:
              'Publishing to the KMS-encrypted topic needs data keys (GenerateDataKey and ' +
              'GenerateDataKeyWithoutPlaintext); the statement is scoped to the topic key.',
          });
        }
      };
      this.#grants.push(this.#publish);
    }

    if (props.slackWebhookSecretArn !== undefined) {
      const secretArn = props.slackWebhookSecretArn;
      sinks.push('slack');
      env.ROLEWATCH_SLACK_WEBHOOK_SECRET = secretArn;
      this.#grants.push((grantee) =>
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['secretsmanager:GetSecretValue'],
          resourceArns: [secretArn],
        }),
      );
      const keyArn = props.slackSecretKmsKeyArn;
      if (keyArn !== undefined) {
        // Only through Secrets Manager, and only for that secret (its encryption context names it): the key
        // may protect other secrets too. The functions' Secrets Manager client calls their own region's endpoint.
        this.#grants.push((grantee) =>
          iam.Grant.addToPrincipal({
            grantee,
            actions: ['kms:Decrypt'],
            resourceArns: [keyArn],
            conditions: {
              StringEquals: {
                'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}`,
                'kms:EncryptionContext:SecretARN': secretArn,
              },
            },
          }),
        );
      }
    }

    if (props.securityHub === true) {
      // The account's own integration; BatchImportFindings is authorised on the product ARN.
      const productArn = stack.formatArn({
        service: 'securityhub',
        resource: 'product',
        resourceName: `${stack.account}/default`,
      });
      sinks.push('securityhub');
      env.ROLEWATCH_SECURITYHUB_PRODUCT_ARN = productArn;
      // Findings are imported as this account's: the default product accepts no other AwsAccountId.
      env.ROLEWATCH_ACCOUNT_ID = stack.account;
      this.#grants.push((grantee) =>
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['securityhub:BatchImportFindings'],
          resourceArns: [productArn],
        }),
      );
    }

    if (props.eventBusName !== undefined) {
      const name = props.eventBusName;
      const bus = name.startsWith('arn:')
        ? events.EventBus.fromEventBusArn(this, 'Bus', name)
        : events.EventBus.fromEventBusName(this, 'Bus', name);
      sinks.push('eventbridge');
      env.ROLEWATCH_EVENT_BUS_NAME = name;
      this.#grants.push((g) => bus.grantPutEventsTo(g));
    }

    if (props.log ?? true) sinks.push('log');

    env.ROLEWATCH_ALERT_SINKS = sinks.join(',');
    if (props.minSeverity !== undefined) env.ROLEWATCH_ALERT_MIN_SEVERITY = props.minSeverity;
    for (const [sink, severity] of Object.entries(props.sinkMinSeverity ?? {})) {
      env[MIN_SEVERITY_VARIABLE[sink as SinkName]] = severity;
    }
    this.sinks = sinks;
    this.environment = env;
  }

  /** Lets `grantee` deliver to every enabled sink, and nothing more. */
  grantSend(grantee: iam.IGrantable): void {
    for (const grant of this.#grants) grant(grantee);
  }

  /**
   * Lets `grantee` publish to the topic only (the scheduled report's summary), when there is one: not the
   * other sinks' secret, bus or Security Hub product.
   */
  grantSummary(grantee: iam.IGrantable): void {
    this.#publish?.(grantee);
  }
}
