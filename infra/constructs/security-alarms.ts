import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  type aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { METRIC } from '../../functions/adapters/metrics/metrics-recorder.ts';
import { RolewatchMetrics } from './rolewatch-metrics.ts';

export interface SecurityAlarmsProps {
  /** Functions that judge live events; their metrics feed the alarms. */
  readonly liveFunctions: readonly string[];
  readonly findingDimensions?: readonly string[];
  /** Notified on alarm and recovery. @default - no action */
  readonly topic?: sns.ITopic;
  /** Judgement lag (p90, ms) above which the lag alarm fires. @default 900000 (15 minutes) */
  readonly judgementLagThresholdMs?: number;
  /** Hours without a single credential event before the silence alarm fires. @default 6 */
  readonly silenceHours?: number;
}

/**
 * The alarms a security team acts on: any critical finding; a findings rate outside the anomaly band
 * CloudWatch learns from the past weeks (weekly seasonality, so against the previous week); judgement
 * lag above 15 minutes; and no credential event at all for 6 hours, which means the trail or the
 * subscription broke (missing data is breaching: silence is the failure).
 */
export class SecurityAlarms extends Construct {
  readonly criticalFinding: cloudwatch.Alarm;
  readonly findingsAnomaly: cloudwatch.AnomalyDetectionAlarm;
  readonly judgementLag: cloudwatch.Alarm;
  readonly noCredentialEvents: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    if (props.liveFunctions.length === 0) throw new Error('SecurityAlarms: no live function to watch');
    const m = new RolewatchMetrics(props.findingDimensions);
    const action = props.topic === undefined ? undefined : new actions.SnsAction(props.topic);
    const notify = <T extends cloudwatch.Alarm>(alarm: T): T => {
      if (action !== undefined) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
      return alarm;
    };
    const fns = props.liveFunctions;

    this.criticalFinding = notify(
      new cloudwatch.Alarm(this, 'CriticalFinding', {
        alarmDescription:
          'rolewatch: a critical finding (unsuppressed) was raised; see the alert topic and the function logs',
        metric: m.query(
          `SELECT SUM(${METRIC.findings}) FROM ${m.findingSchema()} WHERE severity = 'critical'`,
          'critical findings',
          Duration.minutes(5),
        ),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    this.findingsAnomaly = notify(
      new cloudwatch.AnomalyDetectionAlarm(this, 'FindingsRateAnomaly', {
        alarmDescription:
          'rolewatch: findings per hour jumped above the band CloudWatch expects from the previous weeks (anomaly detection)',
        metric: m.sumOver(METRIC.findings, fns, Duration.hours(1), 'findings per hour'),
        stdDevs: 3,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    const lagMetrics: Record<string, cloudwatch.IMetric> = {};
    fns.forEach((fn, i) => {
      lagMetrics[`lag${i}`] = m.ofFunction(METRIC.judgementLag, fn, 'p90', Duration.minutes(5));
    });
    this.judgementLag = notify(
      new cloudwatch.Alarm(this, 'JudgementLag', {
        alarmDescription:
          'rolewatch: events are judged more than 15 minutes after they happened (p90, any function)',
        metric: new cloudwatch.MathExpression({
          expression: `MAX([${Object.keys(lagMetrics).join(', ')}])`,
          usingMetrics: lagMetrics,
          label: 'judgement lag p90 (ms)',
          period: Duration.minutes(5),
        }),
        threshold: props.judgementLagThresholdMs ?? 900_000,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    const hours = props.silenceHours ?? 6;
    this.noCredentialEvents = notify(
      new cloudwatch.Alarm(this, 'NoCredentialEvents', {
        alarmDescription: `rolewatch: no credential event judged for ${hours} hours: the trail, its delivery or the trigger is broken`,
        metric: m.sumOver(METRIC.credentialEvents, fns, Duration.hours(1), 'credential events per hour'),
        threshold: 1,
        evaluationPeriods: hours,
        datapointsToAlarm: hours,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
    );
  }
}
