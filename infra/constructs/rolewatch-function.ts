import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  AssetHashType,
  type BundlingOptions,
  DockerImage,
  type Duration,
  aws_lambda_destinations as destinations,
  type ILocalBundling,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
  type aws_sqs as sqs,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** The bundles of CONTRACT §6 that this app deploys. */
export type RolewatchFunctionName = 'stream' | 'events' | 's3-batch' | 'report';

export interface RolewatchFunctionProps {
  /** Which bundle: `<distDir>/<bundle>/index.mjs`. */
  readonly bundle: RolewatchFunctionName;
  readonly description: string;
  /** The folder `npm run build` writes to. */
  readonly distDir: string;
  /** A trust file to copy into the bundle under `bundleName` (the value of `ROLEWATCH_CONFIG`). */
  readonly trustFile?: { readonly path: string; readonly bundleName: string };
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  /** @default 256 */
  readonly memorySizeMb?: number;
  /** A CloudWatch Logs retention value, in days. */
  readonly logRetentionDays: number;
  /** Asynchronous invocations that still fail after `retryAttempts` go to this queue. */
  readonly onFailure?: sqs.IQueue;
  /** Retries of a failed asynchronous invocation (0–2). @default 2 (Lambda's default) */
  readonly retryAttempts?: number;
  /** How long an asynchronous event may wait for a retry. @default 6 hours (Lambda's default) */
  readonly maxEventAge?: Duration;
}

/**
 * One rolewatch Lambda function: the esbuild bundle (and, optionally, the trust file) on nodejs24.x,
 * arm64, with its own log group and a role that may write only to that log group. Every other
 * permission is granted by the construct that needs it.
 */
export class RolewatchFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RolewatchFunctionProps) {
    super(scope, id);
    const bundleDir = join(props.distDir, props.bundle);
    if (!existsSync(join(bundleDir, 'index.mjs'))) {
      throw new Error(
        `rolewatch: ${join(bundleDir, 'index.mjs')} is missing: run "npm run build" before synthesizing`,
      );
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      // Findings are written to this log too: keep it when the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A role of our own instead of the default one: AWSLambdaBasicExecutionRole would allow writing to
    // every log group of the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `rolewatch ${props.bundle} function`,
    });
    this.logGroup.grantWrite(this.role);
    const logGroupId = Stack.of(this).getLogicalId(this.logGroup.node.defaultChild as logs.CfnLogGroup);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logGroupId}.Arn>]`,
      reason:
        'Lambda creates log streams with generated names at run time; the statement is scoped to ' +
        "this function's own log group.",
    });

    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: latestNodeRuntime(),
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: bundleCode(bundleDir, props.trustFile),
      memorySize: props.memorySizeMb ?? 256,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.DISABLED,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      ...(props.onFailure === undefined
        ? {}
        : { onFailure: new destinations.SqsDestination(props.onFailure) }),
      ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
      ...(props.maxEventAge === undefined ? {} : { maxEventAge: props.maxEventAge }),
    });
  }
}

/** nodejs24.x when this aws-cdk-lib knows it, else nodejs22.x. */
function latestNodeRuntime(): lambda.Runtime {
  const runtimes = lambda.Runtime as unknown as Record<string, lambda.Runtime | undefined>;
  return runtimes.NODEJS_24_X ?? lambda.Runtime.NODEJS_22_X;
}

/**
 * The bundle folder as it is, or — with a trust file — a copy of it with the file added. The copy is
 * made by CDK's local bundling, so the asset hash covers the trust file and a changed file redeploys.
 */
function bundleCode(bundleDir: string, trustFile: RolewatchFunctionProps['trustFile']): lambda.Code {
  // meta.json is esbuild's build report, useful locally and useless in Lambda.
  if (trustFile === undefined) return lambda.Code.fromAsset(bundleDir, { exclude: ['meta.json'] });
  const local: ILocalBundling = {
    tryBundle(outputDir: string): boolean {
      for (const name of readdirSync(bundleDir)) {
        if (name !== 'meta.json') copyFileSync(join(bundleDir, name), join(outputDir, name));
      }
      copyFileSync(trustFile.path, join(outputDir, trustFile.bundleName));
      return true;
    },
  };
  const bundling: BundlingOptions = {
    // Never pulled: local bundling always succeeds or throws.
    image: DockerImage.fromRegistry('public.ecr.aws/docker/library/busybox'),
    local,
  };
  // OUTPUT: the default (SOURCE) would hash the bundle folder only and miss a changed trust file.
  return lambda.Code.fromAsset(bundleDir, { bundling, assetHashType: AssetHashType.OUTPUT });
}
