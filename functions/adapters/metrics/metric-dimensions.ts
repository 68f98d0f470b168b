import * as z from 'zod/mini';
import '../../core/model/zod-setup.ts';
import type { Finding } from '../../core/model/finding.ts';
import { ok, type Result } from '../../core/model/result.ts';
import { type Env, listSetting, parseEnvSettings } from '../settings/setting.ts';

/**
 * High-cardinality dimensions an operator may add to the `Findings` metric by listing them in
 * `ROLEWATCH_METRIC_DIMENSIONS` (comma list). Off by default: each distinct value is a separate
 * CloudWatch metric, billed as such.
 */
export const OPTIONAL_DIMENSIONS = ['role', 'actorAccount', 'recipientAccount', 'awsRegion'] as const;
export type OptionalDimension = (typeof OPTIONAL_DIMENSIONS)[number];

/** `ROLEWATCH_METRIC_DIMENSIONS`: a comma list of {@link OPTIONAL_DIMENSIONS}; none by default. */
export const MetricSettingsSchema = z.object({
  ROLEWATCH_METRIC_DIMENSIONS: z._default(listSetting(OPTIONAL_DIMENSIONS, 'a metric dimension'), []),
});

/** The optional dimensions `ROLEWATCH_METRIC_DIMENSIONS` lists; problems name the variable. */
export function metricDimensionsFromEnv(env: Env): Result<OptionalDimension[], string[]> {
  const parsed = parseEnvSettings(MetricSettingsSchema, env);
  return parsed.ok ? ok(parsed.value.ROLEWATCH_METRIC_DIMENSIONS) : parsed;
}

/** CloudWatch's limit on a dimension value, which must also be printable ASCII and not blank. */
const MAX_DIMENSION_VALUE_CHARS = 1024;

/**
 * A value CloudWatch accepts as a dimension value: record values (a role ARN a caller chose, in a
 * denied call) may hold other characters or be longer, and CloudWatch would drop the metric.
 */
function dimensionSafe(value: string | undefined): string {
  if (value === undefined) return 'none';
  const ascii = value.replace(/[^\x20-\x7e]/g, '?').slice(0, MAX_DIMENSION_VALUE_CHARS);
  return ascii.trim() === '' ? 'none' : ascii;
}

/** The value of an optional dimension for one finding; `none` when the finding lacks it. */
export function dimensionValue(finding: Finding, dimension: OptionalDimension): string {
  switch (dimension) {
    case 'role':
      return dimensionSafe(finding.role?.arn);
    case 'actorAccount':
      return dimensionSafe(finding.actor.accountId);
    case 'recipientAccount':
      return dimensionSafe(finding.recipientAccountId);
    case 'awsRegion':
      return dimensionSafe(finding.awsRegion);
  }
}
