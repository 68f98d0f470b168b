import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  type aws_sns as sns,
  type aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '../../functions/adapters/metrics/metrics-recorder.ts';
import type { RolewatchFunction } from './rolewatch-function.ts';

export interface OperationalAlarmsProps {
  /** Notified when an alarm fires and when it recovers. @default - no action */
  readonly topic?: sns.ITopic;
}

/** Namespace and name of the metric the handlers emit (EMF) when the configuration is unusable. */
export const CONFIG_ERRORS_METRIC = { namespace: 'rolewatch', metricName: 'ConfigErrors' } as const;

/**
 * The alarms that say rolewatch itself is not watching: a function failing, a configuration that
 * cannot be loaded (the functions then refuse to judge anything), and messages in a dead-letter queue.
 */
export class OperationalAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly #action: cloudwatch.IAlarmAction | undefined;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps = {}) {
    super(scope, id);
    this.#action = props.topic === undefined ? undefined : new actions.SnsAction(props.topic);
  }

  /**
   * Errors of the function and its `ConfigErrors` metric (dimension `function` = the bundle name). With
   * `heldAlerts` (stream, events: they throw `AlertsHeldError` so that Lambda retries an event whose
   * alerts another invocation is still delivering), the invocations the function counted in
   * `AlertsHeldInvocations` are subtracted: normal concurrency is not a failure. Both are stamped when
   * the function was invoked, so they fall in the same period; an event still held after its retries
   * reaches the dead-letter queue, which alarms.
   */
  watchFunction(fn: RolewatchFunction, name: string, options: { heldAlerts?: boolean } = {}): void {
    const period = Duration.minutes(5);
    const errors = fn.function.metricErrors({ period, statistic: 'Sum' });
    const failed =
      options.heldAlerts === true
        ? new cloudwatch.MathExpression({
            expression: 'errors - FILL(held, 0)',
            usingMetrics: {
              errors,
              held: new cloudwatch.Metric({
                namespace: METRICS_NAMESPACE,
                metricName: METRIC.alertsHeldInvocations,
                dimensionsMap: { function: name },
                period,
                statistic: 'Sum',
              }),
            },
            label: `${name} errors, less invocations retried for held alerts`,
            period,
          })
        : errors;
    this.#add(`${name}Errors`, failed, {
      description: `rolewatch ${name}: the function failed (see its log group)`,
    });
    const configErrors = new cloudwatch.Metric({
      ...CONFIG_ERRORS_METRIC,
      dimensionsMap: { function: name },
      period: Duration.minutes(5),
      statistic: 'Sum',
    });
    this.#add(`${name}ConfigErrors`, configErrors, {
      description: `rolewatch ${name}: the trust file or the settings cannot be loaded; nothing is judged`,
    });
  }

  /** Any message waiting in the queue. */
  watchDeadLetterQueue(queue: sqs.IQueue, name: string): void {
    const visible = queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    });
    this.#add(`${name}DeadLetters`, visible, {
      description: `rolewatch: ${name} holds messages that could not be processed`,
    });
  }

  #add(id: string, metric: cloudwatch.IMetric, options: { description: string }): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: options.description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (this.#action !== undefined) {
      alarm.addAlarmAction(this.#action);
      alarm.addOkAction(this.#action);
    }
    this.alarms.push(alarm);
  }
}
