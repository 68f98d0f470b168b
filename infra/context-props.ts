import { quote, settingProblem } from '../functions/adapters/settings/setting.ts';
import { closestKey } from '../functions/core/trust/closest-key.ts';
import { PROP_NAMES } from './props-schema.ts';
import type { RolewatchProps } from './rolewatch-props.ts';
import { checkRolewatchProps, RolewatchPropsError } from './validate-props.ts';

/** What the app deploys with: the stack name and the props (context values over the props file's). */
export interface DeploySettings {
  readonly stackName: string;
  readonly props: RolewatchProps;
}

/** Context keys of the app itself besides the props. */
const APP_KEYS = ['propsFile', 'stackName'] as const;
const KNOWN_KEYS: readonly string[] = [...PROP_NAMES, ...APP_KEYS];
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/**
 * Keys that are ours to judge: plain camelCase names like the props. CDK keeps its own settings in the
 * context too — feature flags (`@aws-cdk/…`), CLI settings (`aws:cdk:…`, `cli-telemetry`,
 * `acknowledged-issue-numbers`) and lookup results (`availability-zones:account=…`) — and those never
 * have this shape.
 */
const isOurKey = (key: string): boolean => /^[a-z][A-Za-z0-9]*$/.test(key);

const unknownKey = (where: string, key: string): string => {
  const near = closestKey(key, KNOWN_KEYS);
  return settingProblem(
    where,
    `unknown key ${quote(key)}${near === undefined ? '' : `; did you mean ${quote(near)}?`}`,
  );
};

/**
 * Reads the deployment settings from CDK context (`-c key=value`, `cdk.json`'s `context`,
 * `CDK_CONTEXT_JSON`) and from an optional JSON file named by the `propsFile` context key; context
 * values win over the file. The keys are the prop names of `RolewatchProps`, plus `stackName` (default
 * `rolewatch`). Unknown keys — a typo such as `trailBucketNam` — are errors with the closest prop name,
 * and every problem, in keys and in values, is reported in one {@link RolewatchPropsError}.
 * @param context every context value (e.g. `app.node.getAllContext()`)
 * @param readJson reads and parses the props file
 * @throws RolewatchPropsError listing every problem
 */
export function readDeploySettings(
  context: Readonly<Record<string, unknown>>,
  readJson: (path: string) => unknown,
): DeploySettings {
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  let stackName: unknown;

  const file = context.propsFile;
  if (file !== undefined) {
    const data = readPropsFile(file, readJson, problems);
    for (const [key, value] of Object.entries(data)) {
      if (key === 'stackName') stackName = value;
      else if ((PROP_NAMES as readonly string[]).includes(key)) raw[key] = value;
      else problems.push(unknownKey(String(file), key));
    }
  }
  for (const [key, value] of Object.entries(context)) {
    if ((PROP_NAMES as readonly string[]).includes(key)) raw[key] = value;
    else if (isOurKey(key) && !(APP_KEYS as readonly string[]).includes(key)) {
      problems.push(unknownKey('context', key));
    }
  }
  stackName = context.stackName ?? stackName ?? 'rolewatch';
  if (typeof stackName !== 'string' || !STACK_NAME.test(stackName)) {
    problems.push(settingProblem('stackName', `${quote(stackName)} is not a CloudFormation stack name`));
  }

  const checked = checkRolewatchProps(raw);
  problems.push(...checked.problems);
  if (problems.length > 0) throw new RolewatchPropsError(problems);
  return { stackName: stackName as string, props: checked.props };
}

function readPropsFile(
  file: unknown,
  readJson: (path: string) => unknown,
  problems: string[],
): Readonly<Record<string, unknown>> {
  if (typeof file !== 'string') {
    problems.push(settingProblem('propsFile', `${quote(file)} is not a path to a JSON file`));
    return {};
  }
  let data: unknown;
  try {
    data = readJson(file);
  } catch (e) {
    problems.push(settingProblem('propsFile', `cannot read ${quote(file)} as JSON: ${(e as Error).message}`));
    return {};
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(settingProblem(file, 'must hold a JSON object of props'));
    return {};
  }
  return data as Record<string, unknown>;
}
