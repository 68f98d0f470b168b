import type { Io } from '../io.ts';
import { parseOptions } from '../options.ts';
import { SOURCE_OPTIONS as SCAN_SOURCE_OPTIONS } from '../scan-setup.ts';
import { runTrustDiff } from '../trust/run-diff.ts';
import { runTrustImport } from '../trust/run-import.ts';
import { runTrustLearn } from '../trust/run-learn.ts';
import { UsageError } from '../usage-error.ts';
import type { Verb } from './verb.ts';

const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::[0-9]{12}:role\/.+$/;
const DIFF_FORMATS = ['table', 'json', 'sarif'] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Options shared by import and diff: where the roles come from. */
const SOURCE_OPTIONS = {
  from: { type: 'string', multiple: true },
  region: { type: 'string' },
  'role-arn': { type: 'string', multiple: true },
} as const;

function rolesRequest(values: { from?: string[]; region?: string; 'role-arn'?: string[] }) {
  const from = values.from ?? [];
  const roleArns = values['role-arn'] ?? [];
  if (from.length > 0 && roleArns.length > 0) {
    throw new UsageError('--from reads saved output and --role-arn reads IAM: give one or the other');
  }
  for (const arn of roleArns) {
    if (!ROLE_ARN.test(arn))
      throw new UsageError(`--role-arn takes a role ARN (arn:aws:iam::ACCOUNT:role/NAME), not '${arn}'`);
  }
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(values.region)) {
    throw new UsageError(`--region takes a region name such as us-east-1, not '${values.region}'`);
  }
  return { from, region: values.region, roleArns };
}

async function importCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, SOURCE_OPTIONS, { positionals: false });
  return runTrustImport(rolesRequest(values), io);
}

async function diffCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      ...SOURCE_OPTIONS,
      config: { type: 'string', short: 'c' },
      format: { type: 'string', short: 'f', default: 'table' },
    },
    { positionals: false },
  );
  if (values.config === undefined)
    throw new UsageError('trust diff needs --config FILE (the trust file to compare)');
  const format = values.format as DiffFormat;
  if (!DIFF_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${DIFF_FORMATS.join(', ')}`);
  return runTrustDiff({ ...rolesRequest(values), config: values.config, format }, io);
}

async function learnCommand(args: readonly string[], io: Io): Promise<number> {
  // The options of scan's sources, but no --config: learning judges no trust file (--merge names one).
  const { config: _config, ...sourceOptions } = SCAN_SOURCE_OPTIONS;
  const { values, positionals } = parseOptions(args, { ...sourceOptions, merge: { type: 'string' } });
  const { merge, ...rest } = values;
  return runTrustLearn({ values: rest, sources: positionals, ...(merge === undefined ? {} : { merge }) }, io);
}

/** `rolewatch trust import|diff|learn`: write and check the trust file against IAM (CONTRACT §5). */
export const trust: Verb = {
  name: 'trust',
  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'import':
        return importCommand(rest, io);
      case 'diff':
        return diffCommand(rest, io);
      case 'learn':
        return learnCommand(rest, io);
      case undefined:
        throw new UsageError('trust needs a command: import, diff or learn');
      default:
        throw new UsageError(`unknown trust command '${sub}' (import, diff or learn)`);
    }
  },
};
