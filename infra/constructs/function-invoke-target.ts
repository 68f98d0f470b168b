import { aws_iam as iam, type aws_lambda as lambda, aws_scheduler_targets as targets } from 'aws-cdk-lib';

/**
 * A Scheduler target that invokes one Lambda function by its unqualified ARN, and lets the schedule's role
 * invoke that ARN only. CDK's `LambdaInvoke` grants `lambda:InvokeFunction` on the function and on
 * `ARN:*` (every version and alias) through `grantInvoke`; the schedule never calls a qualified ARN, so
 * the wider grant is privilege it does not use (cdk-nag AwsSolutions-IAM5).
 */
export class FunctionInvokeTarget extends targets.LambdaInvoke {
  readonly #fn: lambda.IFunction;

  constructor(fn: lambda.IFunction, props: targets.ScheduleTargetBaseProps) {
    super(fn, props);
    this.#fn = fn;
  }

  protected override addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.#fn.functionArn] }),
    );
  }
}
