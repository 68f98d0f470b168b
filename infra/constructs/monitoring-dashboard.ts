import { aws_cloudwatch as cloudwatch, Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { METRIC } from '../../functions/adapters/metrics/metrics-recorder.ts';
import { RolewatchMetrics } from './rolewatch-metrics.ts';

export interface MonitoringDashboardProps {
  /** Functions that judge live events (`stream`, `events`, `s3-batch`): their series are drawn. */
  readonly liveFunctions: readonly string[];
  /** Every deployed function (configuration errors are drawn for all of them, `report` included). */
  readonly allFunctions: readonly string[];
  /** `ROLEWATCH_METRIC_DIMENSIONS`, so that the findings queries match the published series. */
  readonly findingDimensions?: readonly string[];
  /** @default 'rolewatch' */
  readonly dashboardName?: string;
}

const WIDE = 12;
const HEIGHT = 6;

/**
 * The CloudWatch dashboard a security team watches: credential events by call, findings by rule and
 * severity, suppressed findings, granted session length p50/p99, judgement lag, records, input errors,
 * sink failures, configuration errors, duplicate findings, and stream/events invocations retried because
 * another invocation held their alerts.
 */
export class MonitoringDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: MonitoringDashboardProps) {
    super(scope, id);
    this.dashboardName = props.dashboardName ?? 'rolewatch';
    const m = new RolewatchMetrics(props.findingDimensions);
    const five = Duration.minutes(5);
    const hour = Duration.hours(1);
    const perFunction = (name: string, statistics: readonly string[], fns = props.liveFunctions) =>
      fns.flatMap((fn) => statistics.map((s) => m.ofFunction(name, fn, s, five)));
    const graph = (
      title: string,
      left: cloudwatch.IMetric[],
      options: Partial<cloudwatch.GraphWidgetProps> = {},
    ) => new cloudwatch.GraphWidget({ title, left, width: WIDE, height: HEIGHT, ...options });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: this.dashboardName,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          '## rolewatch\nSTS credential-issuing calls judged against the trust file. Findings by rule and severity count ' +
          'unsuppressed findings; suppressed ones are drawn apart. Weekly audit reports are in the report bucket.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Credential events by call', [m.credentialEventsByCall(hour)], { stacked: true }),
      graph('Records read', perFunction(METRIC.records, ['Sum'])),
    );
    this.dashboard.addWidgets(
      graph('Findings by rule', [m.findingsBy('rule', METRIC.findings, hour)], { stacked: true }),
      graph('Findings by severity', [m.findingsBy('severity', METRIC.findings, hour)], { stacked: true }),
    );
    this.dashboard.addWidgets(
      graph('Suppressed findings by rule', [m.findingsBy('rule', METRIC.suppressedFindings, hour)], {
        stacked: true,
      }),
      graph('Granted session seconds (p50, p99)', perFunction(METRIC.grantedSessionSeconds, ['p50', 'p99'])),
    );
    this.dashboard.addWidgets(
      graph('Judgement lag, ms (p50, p99, max)', perFunction(METRIC.judgementLag, ['p50', 'p99', 'Maximum'])),
      graph('Input errors and sink failures', [
        ...perFunction(METRIC.inputErrors, ['Sum']),
        ...perFunction(METRIC.sinkFailures, ['Sum']),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Configuration errors', perFunction(METRIC.configErrors, ['Sum'], props.allFunctions)),
      graph('Duplicate findings (not alerted again)', perFunction(METRIC.duplicateFindings, ['Sum'])),
    );
    // Only the asynchronous triggers retry an invocation for held alerts; s3-batch fails the message instead.
    const retriedForHeld = props.liveFunctions.filter((fn) => fn === 'stream' || fn === 'events');
    if (retriedForHeld.length > 0) {
      this.dashboard.addWidgets(
        graph(
          'Invocations retried: alerts held by another invocation',
          perFunction(METRIC.alertsHeldInvocations, ['Sum'], retriedForHeld),
        ),
      );
    }
  }
}
