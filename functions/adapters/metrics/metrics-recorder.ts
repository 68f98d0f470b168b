import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Finding } from '../../core/model/finding.ts';
import { dimensionValue, type OptionalDimension } from './metric-dimensions.ts';

/**
 * Metric names, stable for dashboards and alarms (namespace `rolewatch`). Each is published with the
 * dimension `function` plus its own (`eventName`; `rule`, `severity` and the optional ones), and also with
 * `function` alone.
 */
export const METRIC = {
  credentialEvents: 'CredentialEvents',
  records: 'Records',
  findings: 'Findings',
  suppressedFindings: 'SuppressedFindings',
  inputErrors: 'InputErrors',
  sinkFailures: 'SinkFailures',
  grantedSessionSeconds: 'GrantedSessionSeconds',
  judgementLag: 'JudgementLagMilliseconds',
  configErrors: 'ConfigErrors',
  /** Findings not alerted again because every sink had delivered them within ROLEWATCH_DEDUP_HOURS. */
  duplicateFindings: 'DuplicateFindings',
} as const;

export const METRICS_NAMESPACE = 'rolewatch';

/** What the handlers count; one recorder per function, flushed at the end of every invocation. */
export interface MetricsRecorder {
  records(count: number): void;
  credentialEvent(eventName: string): void;
  grantedSessionSeconds(eventName: string, seconds: number): void;
  /** Processing time − eventTime. */
  judgementLag(milliseconds: number): void;
  finding(finding: Finding): void;
  inputErrors(count: number): void;
  sinkFailure(): void;
  configError(): void;
  /** Findings already alerted within the de-duplication window, not alerted again. */
  duplicateFindings(count: number): void;
  /** Writes everything recorded since the last flush as EMF lines on stdout. */
  flush(): void;
}

interface Series {
  readonly unit: (typeof MetricUnit)[keyof typeof MetricUnit];
  readonly values: number[];
  /** Counters are summed into one value; distributions keep every value. */
  readonly sum: boolean;
}

// EMF allows 100 values per metric per document; Powertools flushes by itself at 100, dropping our
// dimensions for the rest of the group, so stay one below.
const VALUES_PER_DOCUMENT = 99;

/**
 * One string per dimension set, whatever the order of its keys: each name and value length-prefixed, so
 * that no value (a record's text, in some dimensions) can make two sets read alike. Called once per
 * recorded value.
 */
function groupKey(dims: Record<string, string>): string {
  const names = Object.keys(dims);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) {
    const value = dims[name] ?? '';
    key += `${name.length}:${name}${value.length}:${value}`;
  }
  return key;
}

/**
 * Aggregates per dimension set during an invocation and emits one EMF document per set, because
 * an EMF document carries one set of dimensions for all its metrics.
 */
export class PowertoolsMetricsRecorder implements MetricsRecorder {
  readonly #metrics: Metrics;
  readonly #extra: readonly OptionalDimension[];
  readonly #groups = new Map<string, { dims: Record<string, string>; series: Map<string, Series> }>();

  constructor(options: {
    functionName: string;
    extraDimensions?: readonly OptionalDimension[];
    metrics?: Metrics;
  }) {
    this.#metrics =
      options.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'rolewatch' });
    // `service` is Powertools' default dimension; the contract allows `function` and the metric's own only.
    this.#metrics.clearDefaultDimensions();
    this.#metrics.setDefaultDimensions({ function: options.functionName });
    this.#extra = options.extraDimensions ?? [];
  }

  records(count: number): void {
    if (count > 0) this.#add({}, METRIC.records, MetricUnit.Count, count, true);
  }

  credentialEvent(eventName: string): void {
    this.#add({ eventName }, METRIC.credentialEvents, MetricUnit.Count, 1, true);
  }

  grantedSessionSeconds(eventName: string, seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) {
      this.#add({ eventName }, METRIC.grantedSessionSeconds, MetricUnit.Seconds, seconds, false);
    }
  }

  judgementLag(milliseconds: number): void {
    if (Number.isFinite(milliseconds)) {
      this.#add({}, METRIC.judgementLag, MetricUnit.Milliseconds, Math.max(0, milliseconds), false);
    }
  }

  finding(finding: Finding): void {
    const dims: Record<string, string> = { rule: finding.rule, severity: finding.severity };
    for (const d of this.#extra) dims[d] = dimensionValue(finding, d);
    const name = finding.suppressed ? METRIC.suppressedFindings : METRIC.findings;
    this.#add(dims, name, MetricUnit.Count, 1, true);
  }

  inputErrors(count: number): void {
    if (count > 0) this.#add({}, METRIC.inputErrors, MetricUnit.Count, count, true);
  }

  sinkFailure(): void {
    this.#add({}, METRIC.sinkFailures, MetricUnit.Count, 1, true);
  }

  configError(): void {
    this.#add({}, METRIC.configErrors, MetricUnit.Count, 1, true);
  }

  duplicateFindings(count: number): void {
    if (count > 0) this.#add({}, METRIC.duplicateFindings, MetricUnit.Count, count, true);
  }

  flush(): void {
    for (const { dims, series } of this.#groups.values()) {
      const entries = [...series.entries()];
      const chunks = Math.max(...entries.map(([, s]) => Math.ceil(s.values.length / VALUES_PER_DOCUMENT)));
      for (let i = 0; i < chunks; i++) {
        const from = i * VALUES_PER_DOCUMENT;
        const part = entries
          .map(([name, s]) => ({
            name,
            unit: s.unit,
            values: s.values.slice(from, from + VALUES_PER_DOCUMENT),
          }))
          .filter((p) => p.values.length > 0);
        if (part.length === 0) continue;
        this.#metrics.addDimensions(dims);
        // Every metric also by `function` alone: the dashboard's totals, p50/p99 across event names and
        // the alarms need one series per function, not one per rule or event name.
        if (Object.keys(dims).length > 0) this.#metrics.addDimensions({});
        for (const p of part) for (const v of p.values) this.#metrics.addMetric(p.name, p.unit, v);
        this.#metrics.publishStoredMetrics();
      }
    }
    this.#groups.clear();
  }

  #add(
    dims: Record<string, string>,
    name: string,
    unit: (typeof MetricUnit)[keyof typeof MetricUnit],
    value: number,
    sum: boolean,
  ): void {
    const key = groupKey(dims);
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { dims, series: new Map() };
      this.#groups.set(key, group);
    }
    const existing = group.series.get(name);
    if (existing === undefined) {
      group.series.set(name, { unit, values: [value], sum });
    } else if (sum) {
      existing.values[0] = (existing.values[0] ?? 0) + value;
    } else {
      existing.values.push(value);
    }
  }
}
