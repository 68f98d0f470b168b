import type { RolewatchProps } from './rolewatch-props.ts';

type Kind = 'string' | 'boolean' | 'number' | 'list';

/** Every prop that can come from `-c key=value` or the props file, with how to read it. */
export const PROP_KINDS = {
  trustFile: 'string',
  trustParameterName: 'string',
  trustS3Url: 'string',
  trustKmsKeyArn: 'string',
  enableEventBridgeTrigger: 'boolean',
  enableLogSubscription: 'boolean',
  cloudTrailLogGroupName: 'string',
  enableS3Ingest: 'boolean',
  trailBucketName: 'string',
  trailKeyPrefix: 'string',
  trailKmsKeyArn: 'string',
  createBucketNotification: 'boolean',
  athenaAccountIds: 'list',
  trailOrganizationId: 'string',
  athenaDatabaseName: 'string',
  createAlertTopic: 'boolean',
  alertEmail: 'string',
  slackWebhookSecretArn: 'string',
  enableSecurityHub: 'boolean',
  alertEventBusName: 'string',
  logAlerts: 'boolean',
  alertMinSeverity: 'string',
  snsMinSeverity: 'string',
  slackMinSeverity: 'string',
  securityHubMinSeverity: 'string',
  eventBusMinSeverity: 'string',
  logMinSeverity: 'string',
  distDir: 'string',
  memorySizeMb: 'number',
  logRetentionDays: 'number',
  logLevel: 'string',
  metricDimensions: 'list',
  enableAlarms: 'boolean',
} as const satisfies Record<keyof RolewatchProps, Kind>;

type PropName = keyof typeof PROP_KINDS;
const PROP_NAMES = Object.keys(PROP_KINDS) as PropName[];

/** What the app deploys with: the stack name and the props (context values over the props file's). */
export interface DeploySettings {
  readonly stackName: string;
  readonly props: RolewatchProps;
}

/** Thrown for a context value or props-file entry of the wrong type; names the key. */
export class ContextPropsError extends Error {
  override readonly name = 'ContextPropsError';
}

/**
 * Reads the deployment settings from CDK context (`-c key=value`, or `cdk.json`'s `context`) and from
 * an optional JSON file named by the `propsFile` context key; context values win over the file. The
 * keys are the prop names of `RolewatchProps`, plus `stackName` (default `rolewatch`). Context values
 * arrive as strings: booleans are `true`/`false`, lists comma-separated. Unknown keys in the file are
 * refused; unknown context keys are ignored, since CDK keeps its own settings there too.
 * @param context looks up one context key (e.g. `(k) => app.node.tryGetContext(k)`)
 * @param readJson reads and parses the props file
 */
export function readDeploySettings(
  context: (key: string) => unknown,
  readJson: (path: string) => unknown,
): DeploySettings {
  const props: Record<string, unknown> = {};
  const file = context('propsFile');
  let stackName: unknown = context('stackName');
  if (file !== undefined) {
    if (typeof file !== 'string') throw new ContextPropsError('propsFile: must be a path to a JSON file');
    let data: unknown;
    try {
      data = readJson(file);
    } catch (e) {
      throw new ContextPropsError(`propsFile ${file}: cannot read it as JSON: ${(e as Error).message}`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new ContextPropsError(`${file}: must hold a JSON object of props`);
    }
    for (const [key, value] of Object.entries(data)) {
      if (key === 'stackName') {
        stackName ??= value;
        continue;
      }
      if (!(key in PROP_KINDS)) {
        throw new ContextPropsError(
          `${file}: unknown key "${key}" (expected one of ${PROP_NAMES.join(', ')})`,
        );
      }
      props[key] = coerce(value, PROP_KINDS[key as PropName], `${file}: ${key}`);
    }
  }
  for (const key of PROP_NAMES) {
    const value = context(key);
    if (value !== undefined) props[key] = coerce(value, PROP_KINDS[key], `context ${key}`);
  }
  const name = stackName ?? 'rolewatch';
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(name)) {
    throw new ContextPropsError(`stackName: "${String(name)}" is not a CloudFormation stack name`);
  }
  return { stackName: name, props: props as RolewatchProps };
}

function coerce(value: unknown, kind: Kind, where: string): string | boolean | number | string[] {
  switch (kind) {
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      break;
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      break;
    }
    case 'list':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
      if (typeof value === 'string') {
        return value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
      }
      break;
  }
  throw new ContextPropsError(`${where}: expected a ${kind}, got ${JSON.stringify(value)}`);
}
