import type { AwsSecurityFinding, Partition, SecurityHubClient } from '@aws-sdk/client-securityhub';
import * as z from 'zod/mini';
import '../../core/model/zod-setup.ts';
import type { Finding } from '../../core/model/finding.ts';
import { err, ok, type Result } from '../../core/model/result.ts';
import type { Severity } from '../../core/model/severity.ts';
import { stripInvisible } from '../../core/text/invisible-characters.ts';
import { describeError } from '../describe-error.ts';
import { type ClientSource, lazily, resolveClient } from '../lazy-client.ts';
import type { RetryOptions } from '../retry.ts';
import { ACCOUNT_ID, SECURITYHUB_PRODUCT_ARN } from '../settings/aws-names.ts';
import { type Env, parseEnvSettings, patternSetting, settingProblem } from '../settings/setting.ts';
import { alertPayload, MAX_ARN_CHARS, truncate } from './alert-payload.ts';
import { type AlertSink, alertable, chunk, type SinkContext, SinkError } from './alert-sink.ts';
import { sendBatchWithRetry } from './batch-with-retry.ts';

export interface SecurityHubSinkOptions {
  /** The client, or a getter that creates it (and loads the Security Hub SDK) on the first send. */
  readonly client: ClientSource<SecurityHubClient>;
  /** The region findings are imported into (`AWS_REGION`). */
  readonly region: string;
  /**
   * The account rolewatch runs in, which calls BatchImportFindings: every finding is imported with it as
   * `AwsAccountId`, whatever account the call was logged in.
   */
  readonly accountId: string;
  /** Overrides the default product ARN of the account's own integration. */
  readonly productArn?: string;
  readonly minSeverity: Severity;
  readonly retry?: RetryOptions;
  /** For `UpdatedAt`; the current time by default. */
  readonly now?: () => Date;
}

/** The securityhub sink's environment; `AWS_REGION` (or `AWS_DEFAULT_REGION`) is required too. */
export const SecurityHubSinkSettingsSchema = z.object({
  /** Default: `arn:PARTITION:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`, the account's own integration. */
  ROLEWATCH_SECURITYHUB_PRODUCT_ARN: z.optional(
    patternSetting(SECURITYHUB_PRODUCT_ARN, 'a Security Hub product ARN'),
  ),
  /**
   * The account rolewatch runs in (required). Not each finding's `recipientAccountId`: with the default
   * product ARN, BatchImportFindings accepts only findings whose `AwsAccountId` is the calling account, and
   * an organisation trail logs calls of every member account.
   */
  ROLEWATCH_ACCOUNT_ID: patternSetting(
    ACCOUNT_ID,
    'a 12-digit account id',
    'required by the securityhub sink',
  ),
});

/** The securityhub sink from its environment; the client is created on the first send. */
export function securityHubSinkFromEnv(
  env: Env,
  context: SinkContext,
  client?: SecurityHubClient,
): Result<AlertSink, string[]> {
  const settings = parseEnvSettings(SecurityHubSinkSettingsSchema, env);
  const problems = settings.ok ? [] : [...settings.error];
  if (context.region === undefined)
    problems.unshift(settingProblem('AWS_REGION', 'required by the securityhub sink'));
  if (!settings.ok || context.region === undefined) return err(problems);
  const { ROLEWATCH_SECURITYHUB_PRODUCT_ARN: productArn, ROLEWATCH_ACCOUNT_ID: accountId } = settings.value;
  return ok(
    createSecurityHubSink({
      client:
        client ??
        lazily(
          async () =>
            new (await import('@aws-sdk/client-securityhub')).SecurityHubClient(context.clientConfig),
        ),
      region: context.region,
      minSeverity: context.minSeverity,
      retry: context.retry,
      accountId,
      ...(productArn === undefined ? {} : { productArn }),
    }),
  );
}

/** BatchImportFindings accepts at most 100 findings per call. */
export const BATCH_IMPORT_MAX_FINDINGS = 100;

const ASFF_LABEL: Record<Severity, 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'> = {
  info: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

/** Rules whose finding means someone got (or tried to get) into a role they should not have. */
const INITIAL_ACCESS_RULES = new Set([
  'untrusted-principal',
  'unlisted-role',
  'external-account',
  'mfa-missing',
  'external-id-missing',
  'source-ip-not-allowed',
  'oidc-subject-unexpected',
  'root-credentials',
]);

const ASFF_PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov']);

/** Failure codes for which a second import would fail the same way. */
const PERMANENT_IMPORT_ERROR = /Invalid|Validation|AccessDenied|NotAuthorized|TooLarge|Malformed/i;

/** The partition of a region, for ARNs built without one. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** The product ARN of an account's default Security Hub integration (findings it imports itself). */
export const defaultProductArn = (region: string, accountId: string): string =>
  `arn:${partitionOfRegion(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;

/** ASFF `Types`: a namespace/category from the taxonomy, with the rule id as classifier. */
export const asffTypes = (rule: string): string[] =>
  INITIAL_ACCESS_RULES.has(rule) ? [`TTPs/Initial Access/${rule}`] : [`Unusual Behaviors/User/${rule}`];

/** Text the Security Hub console shows people: no invisible or reordering characters, at most `max`. */
const shown = (s: string, max: number): string => truncate(stripInvisible(s), max);

/**
 * Maps a finding to the AWS Security Finding Format. `Id` is the finding's stable id, so importing
 * the same finding again updates it instead of adding a duplicate; `CreatedAt` is the event time
 * (stable too); `UpdatedAt` is now. Built from {@link alertPayload} (secrets scrubbed), with invisible
 * characters removed from the text the console shows.
 */
export function toAsff(
  finding: Finding,
  ctx: { region: string; accountId: string; productArn: string; now: Date },
): AwsSecurityFinding {
  const f = alertPayload(finding);
  const partition = partitionOfRegion(ctx.region);
  const now = ctx.now.toISOString();
  const observed = f.eventTime !== undefined && !Number.isNaN(Date.parse(f.eventTime)) ? f.eventTime : now;
  const label = ASFF_LABEL[f.severity];
  const types = asffTypes(f.rule);
  const productFields: Record<string, string> = {
    'rolewatch/rule': f.rule,
    'rolewatch/eventName': f.eventName,
    'rolewatch/actor': shown(f.actor.display, 1024),
  };
  if (f.actor.origin !== undefined) productFields['rolewatch/origin'] = shown(f.actor.origin.display, 1024);
  if (f.eventId !== undefined) productFields['rolewatch/eventId'] = shown(f.eventId, 256);
  if (f.sharedEventId !== undefined) productFields['rolewatch/sharedEventId'] = shown(f.sharedEventId, 256);
  if (f.sourceIp !== undefined) productFields['rolewatch/sourceIp'] = shown(f.sourceIp, 256);
  if (f.session.name !== undefined) productFields['rolewatch/sessionName'] = shown(f.session.name, 256);
  return {
    SchemaVersion: '2018-10-08',
    Id: f.id,
    ProductArn: ctx.productArn,
    GeneratorId: `rolewatch/${f.rule}`,
    AwsAccountId: ctx.accountId,
    Region: ctx.region,
    Types: types,
    FirstObservedAt: observed,
    LastObservedAt: observed,
    CreatedAt: observed,
    UpdatedAt: now,
    Severity: { Label: label, Original: f.severity },
    FindingProviderFields: { Severity: { Label: label, Original: f.severity }, Types: types },
    Title: shown(f.title, 256),
    Description: shown(description(f), 1024),
    Remediation: { Recommendation: { Text: shown(f.remediation, 512) } },
    ProductFields: productFields,
    Resources: [resource(f, partition, ctx)],
    RecordState: 'ACTIVE',
  };
}

function description(f: Finding): string {
  const parts = [
    `${f.eventName} by ${f.actor.display}`,
    f.actor.origin === undefined ? undefined : `(started by ${f.actor.origin.display})`,
    f.role === undefined ? undefined : `on ${f.role.arn}`,
    f.sourceIp === undefined ? undefined : `from ${f.sourceIp}`,
    f.eventTime === undefined ? undefined : `at ${f.eventTime}`,
  ].filter((p) => p !== undefined);
  const note = f.evidence.note === undefined ? '' : ` Note: ${f.evidence.note}`;
  return `${parts.join(' ')}. Expected: ${f.evidence.expected}. Actual: ${f.evidence.actual}.${note}`;
}

function resource(
  f: Finding,
  partition: string,
  ctx: { region: string; accountId: string },
): NonNullable<AwsSecurityFinding['Resources']>[number] {
  // ASFF's Partition enum spells some partitions unlike ARNs (`aws-us-iso`): set only the common ones.
  const p = ASFF_PARTITIONS.has(partition)
    ? { Partition: partition as Partition, Region: ctx.region }
    : { Region: ctx.region };
  if (f.role !== undefined) return { Type: 'AwsIamRole', Id: truncate(f.role.arn, MAX_ARN_CHARS), ...p };
  return { Type: 'AwsAccount', Id: `AWS::::Account:${f.recipientAccountId ?? ctx.accountId}`, ...p };
}

/**
 * `BatchImportFindings` in chunks of 100; findings listed in `FailedFindings` are imported again
 * (unless their error is a validation error), whole-call throttling and 5xx are retried.
 */
export function createSecurityHubSink(options: SecurityHubSinkOptions): AlertSink {
  const now = options.now ?? (() => new Date());
  return {
    name: 'securityhub',
    minSeverity: options.minSeverity,
    async send(findings: readonly Finding[]): Promise<void> {
      const todo = alertable(findings, options.minSeverity);
      if (todo.length === 0) return;
      const ctx = {
        region: options.region,
        accountId: options.accountId,
        productArn: options.productArn ?? defaultProductArn(options.region, options.accountId),
        now: now(),
      };
      const asff = todo.map((f) => toAsff(f, ctx));
      let failed = 0;
      let lastReason = '';
      let lastError: unknown;
      let api: Api | undefined;
      for (const batch of chunk(asff, BATCH_IMPORT_MAX_FINDINGS)) {
        api ??= await connect(options.client).catch((error: unknown) => {
          throw new SinkError('securityhub', todo.length, todo.length, describeError(error), error);
        });
        const outcome = await importFindings(api, options, batch);
        if (outcome.failed > 0) {
          failed += outcome.failed;
          lastReason = outcome.reason;
          lastError = outcome.error;
        }
      }
      if (failed > 0) throw new SinkError('securityhub', failed, todo.length, lastReason, lastError);
    },
  };
}

type Api = Awaited<ReturnType<typeof connect>>;

/** Loads the SDK on the first send rather than when the bundle is imported, to keep cold starts short. */
async function connect(source: ClientSource<SecurityHubClient>) {
  const [client, { BatchImportFindingsCommand }] = await Promise.all([
    resolveClient(source),
    import('@aws-sdk/client-securityhub'),
  ]);
  return { client, BatchImportFindingsCommand };
}

/**
 * BatchImportFindings lists failures by finding id; a failure count without details imports the whole
 * chunk again (ids are stable, so that is idempotent).
 */
function importFindings(
  { client, BatchImportFindingsCommand }: Api,
  options: SecurityHubSinkOptions,
  batch: readonly AwsSecurityFinding[],
) {
  return sendBatchWithRetry(batch, {
    async send(pending) {
      const out = await client.send(new BatchImportFindingsCommand({ Findings: [...pending] }));
      const failures = out.FailedFindings ?? [];
      if ((out.FailedCount ?? 0) === 0 && failures.length === 0) return [];
      if (failures.length === 0) return pending.map(() => 'NoFailureDetails');
      const codeById = new Map(failures.map((x) => [x.Id, x.ErrorCode ?? 'Unknown']));
      return pending.map((f) => codeById.get(f.Id));
    },
    permanent: PERMANENT_IMPORT_ERROR,
    noun: 'findings',
    verb: 'imported',
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
}
