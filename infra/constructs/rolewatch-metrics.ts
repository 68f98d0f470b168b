import { aws_cloudwatch as cloudwatch, type Duration } from 'aws-cdk-lib';
import { METRIC, METRICS_NAMESPACE } from '../../functions/adapters/metrics/metrics-recorder.ts';

/**
 * The rolewatch metrics as CloudWatch sees them: names from the recorder (`METRIC`), dimensions as it
 * publishes them: `function` and the metric's own (`eventName`; `rule`, `severity` and the optional
 * `ROLEWATCH_METRIC_DIMENSIONS`), and `function` alone. Dashboard and alarms read them only through here.
 */
export class RolewatchMetrics {
  readonly #findingDimensions: readonly string[];

  /** @param findingDimensions the optional `Findings` dimensions the functions are deployed with */
  constructor(findingDimensions: readonly string[] = []) {
    this.#findingDimensions = findingDimensions;
  }

  /** One metric of one function (the `function`-only series). */
  ofFunction(name: string, fn: string, statistic: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { function: fn },
      statistic,
      period,
      label: `${fn} ${statistic}`,
    });
  }

  /** `FROM SCHEMA(...)` of the `Findings`/`SuppressedFindings` series with their rule and severity. */
  findingSchema(): string {
    const dims = ['"function"', 'rule', 'severity', ...this.#findingDimensions];
    return `SCHEMA("${METRICS_NAMESPACE}", ${dims.join(', ')})`;
  }

  /** A Metrics Insights query over all functions. */
  query(expression: string, label: string, period: Duration): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({ expression, usingMetrics: {}, label, period });
  }

  credentialEventsByCall(period: Duration): cloudwatch.MathExpression {
    return this.query(
      `SELECT SUM(${METRIC.credentialEvents}) FROM SCHEMA("${METRICS_NAMESPACE}", eventName, "function") GROUP BY eventName`,
      'credential events',
      period,
    );
  }

  findingsBy(dimension: 'rule' | 'severity', metric: string, period: Duration): cloudwatch.MathExpression {
    return this.query(
      `SELECT SUM(${metric}) FROM ${this.findingSchema()} GROUP BY ${dimension}`,
      `${metric} by ${dimension}`,
      period,
    );
  }

  /** The sum of one metric over the given functions (missing points count as zero). */
  sumOver(
    name: string,
    functions: readonly string[],
    period: Duration,
    label: string,
  ): cloudwatch.MathExpression {
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    functions.forEach((fn, i) => {
      usingMetrics[`fn${i}`] = this.ofFunction(name, fn, 'Sum', period);
    });
    const expression = functions.map((_, i) => `FILL(fn${i}, 0)`).join(' + ');
    return new cloudwatch.MathExpression({ expression, usingMetrics, label, period });
  }
}
