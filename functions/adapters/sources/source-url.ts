import { err, ok, type Result } from '../../core/model/result.ts';

/** `s3://BUCKET/PREFIX`: a trail bucket, a prefix inside it, or one object. */
export interface S3SourceUrl {
  readonly scheme: 's3';
  readonly bucket: string;
  /** '' or the key prefix as written (a folder is read whether or not it ends in `/`). */
  readonly prefix: string;
}

/** `lookup://REGION[,REGION…]` */
export interface LookupSourceUrl {
  readonly scheme: 'lookup';
  /** As named, in order, without duplicates. */
  readonly regions: readonly string[];
}

/** `logs://LOG_GROUP` */
export interface LogsSourceUrl {
  readonly scheme: 'logs';
  readonly logGroup: string;
}

/** `athena://DATABASE.TABLE?workgroup=W[&catalog=C][&partition=P][&output=s3://…]` */
export interface AthenaSourceUrl {
  readonly scheme: 'athena';
  readonly database: string;
  readonly table: string;
  /** Athena's default (`primary`) when absent. */
  readonly workgroup?: string;
  /** The data catalog. @default AwsDataCatalog */
  readonly catalog: string;
  /** The day partition column (`yyyy/MM/dd` values); detected when absent; `none` for an unpartitioned table. */
  readonly partition?: string;
  /** Where Athena writes results, for a workgroup that does not set it. */
  readonly output?: string;
}

export type SourceUrl = S3SourceUrl | LookupSourceUrl | LogsSourceUrl | AthenaSourceUrl;

// S3's bucket naming rules (general purpose buckets): 3–63 characters, lower case, digits, dots, hyphens.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1, ap-southeast-7…
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
// CloudWatch Logs' own pattern for log group names.
const LOG_GROUP = /^[.\-_/#A-Za-z0-9]{1,512}$/;
// Glue database and table names (lower case in the catalog; Athena accepts any case and folds it).
const GLUE_NAME = /^[A-Za-z0-9_]{1,255}$/;
const WORKGROUP = /^[A-Za-z0-9._-]{1,128}$/;
const CATALOG = /^[A-Za-z0-9_-]{1,256}$/;
const ATHENA_KEYS = ['workgroup', 'catalog', 'partition', 'output'] as const;

/**
 * Parses a remote source URL of CONTRACT §1. Errors say what is wrong and show the expected form;
 * nothing is looked up (no network, no SDK).
 *
 * @example
 * parseSourceUrl('athena://cloudtrail.org_trail?workgroup=rolewatch')
 * // → ok({scheme: 'athena', database: 'cloudtrail', table: 'org_trail', workgroup: 'rolewatch', catalog: 'AwsDataCatalog'})
 */
export function parseSourceUrl(url: string): Result<SourceUrl, string> {
  const match = /^([a-z0-9]+):\/\/(.*)$/is.exec(url);
  if (match === null) return err(`${url}: not a source URL (s3://, lookup://, logs://, athena://)`);
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  switch (scheme) {
    case 's3':
      return parseS3(url, rest);
    case 'lookup':
      return parseLookup(url, rest);
    case 'logs':
      return parseLogs(url, rest);
    case 'athena':
      return parseAthena(url, rest);
    default:
      return err(`${url}: unknown source scheme '${scheme}://' (s3://, lookup://, logs://, athena://)`);
  }
}

function parseS3(url: string, rest: string): Result<S3SourceUrl, string> {
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    return err(`${url}: '${bucket}' is not an S3 bucket name (expected s3://BUCKET/PREFIX)`);
  }
  if (prefix.startsWith('/')) return err(`${url}: the prefix starts with '/' (expected s3://BUCKET/PREFIX)`);
  return ok({ scheme: 's3', bucket, prefix });
}

function parseLookup(url: string, rest: string): Result<LookupSourceUrl, string> {
  const names = rest.replace(/\/$/, '').split(',');
  const regions: string[] = [];
  for (const raw of names) {
    const region = raw.trim().toLowerCase();
    if (region === '' && names.length === 1) {
      return err(`${url}: name at least one region (lookup://us-east-1,eu-west-1)`);
    }
    if (!REGION.test(region))
      return err(`${url}: '${raw}' is not an AWS region (lookup://us-east-1,eu-west-1)`);
    if (!regions.includes(region)) regions.push(region);
  }
  return ok({ scheme: 'lookup', regions });
}

function parseLogs(url: string, rest: string): Result<LogsSourceUrl, string> {
  if (!LOG_GROUP.test(rest)) {
    return err(`${url}: '${rest}' is not a CloudWatch Logs log group name (logs://LOG_GROUP)`);
  }
  return ok({ scheme: 'logs', logGroup: rest });
}

function parseAthena(url: string, rest: string): Result<AthenaSourceUrl, string> {
  const query = rest.indexOf('?');
  const path = (query < 0 ? rest : rest.slice(0, query)).replace(/\/$/, '');
  const dot = path.indexOf('.');
  const database = dot < 0 ? '' : path.slice(0, dot);
  const table = dot < 0 ? '' : path.slice(dot + 1);
  if (!GLUE_NAME.test(database) || !GLUE_NAME.test(table)) {
    return err(`${url}: expected athena://DATABASE.TABLE?workgroup=W (letters, digits and '_' in names)`);
  }
  const params = new URLSearchParams(query < 0 ? '' : rest.slice(query + 1));
  const values: Partial<Record<(typeof ATHENA_KEYS)[number], string>> = {};
  for (const [key, value] of params) {
    if (!(ATHENA_KEYS as readonly string[]).includes(key)) {
      return err(`${url}: unknown parameter '${key}' (known: ${ATHENA_KEYS.join(', ')})`);
    }
    values[key as (typeof ATHENA_KEYS)[number]] = value;
  }
  if (values.workgroup !== undefined && !WORKGROUP.test(values.workgroup)) {
    return err(`${url}: '${values.workgroup}' is not an Athena workgroup name`);
  }
  if (values.catalog !== undefined && !CATALOG.test(values.catalog)) {
    return err(`${url}: '${values.catalog}' is not a data catalog name`);
  }
  if (values.partition !== undefined && !GLUE_NAME.test(values.partition)) {
    return err(`${url}: '${values.partition}' is not a column name (partition=day, or partition=none)`);
  }
  if (
    values.output !== undefined &&
    !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](?:\/.*)?$/.test(values.output)
  ) {
    return err(`${url}: output must be an s3:// location, not '${values.output}'`);
  }
  return ok({
    scheme: 'athena',
    database,
    table,
    catalog: values.catalog ?? 'AwsDataCatalog',
    ...(values.workgroup === undefined ? {} : { workgroup: values.workgroup }),
    ...(values.partition === undefined ? {} : { partition: values.partition }),
    ...(values.output === undefined ? {} : { output: values.output }),
  });
}
