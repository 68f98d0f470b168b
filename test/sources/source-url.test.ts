import { describe, expect, it } from 'vitest';
import { parseSourceUrl } from '../../functions/adapters/sources/source-url.ts';

describe('source URLs (CONTRACT §1)', () => {
  it.each([
    ['s3://org-trail', { scheme: 's3', bucket: 'org-trail', prefix: '' }],
    [
      's3://org-trail/org/AWSLogs/o-a1b2c3d4e5/',
      { scheme: 's3', bucket: 'org-trail', prefix: 'org/AWSLogs/o-a1b2c3d4e5/' },
    ],
    ['S3://org-trail/x', { scheme: 's3', bucket: 'org-trail', prefix: 'x' }],
    ['lookup://eu-west-1,us-east-1,eu-west-1', { scheme: 'lookup', regions: ['eu-west-1', 'us-east-1'] }],
    ['lookup://us-gov-west-1/', { scheme: 'lookup', regions: ['us-gov-west-1'] }],
    [
      'logs://aws-cloudtrail-logs-111122223333-1a2b3c4d',
      { scheme: 'logs', logGroup: 'aws-cloudtrail-logs-111122223333-1a2b3c4d' },
    ],
    ['logs:///aws/cloudtrail/org', { scheme: 'logs', logGroup: '/aws/cloudtrail/org' }],
    [
      'athena://rolewatch.cloudtrail?workgroup=rolewatch',
      {
        scheme: 'athena',
        database: 'rolewatch',
        table: 'cloudtrail',
        workgroup: 'rolewatch',
        catalog: 'AwsDataCatalog',
      },
    ],
    [
      'athena://db.trail?workgroup=wg&catalog=other&partition=timestamp&output=s3://results-bucket/x/',
      {
        scheme: 'athena',
        database: 'db',
        table: 'trail',
        workgroup: 'wg',
        catalog: 'other',
        partition: 'timestamp',
        output: 's3://results-bucket/x/',
      },
    ],
  ])('parses %s', (url, expected) => {
    expect(parseSourceUrl(url)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['ftp://x', /unknown source scheme 'ftp:\/\/'/],
    ['s3://Bad_Bucket/x', /is not an S3 bucket name/],
    ['s3://ok-bucket//x', /the prefix starts with '\/'/],
    ['lookup://', /name at least one region/],
    ['lookup://us-east-1,mars-1', /'mars-1' is not an AWS region/],
    ['logs://bad group', /not a CloudWatch Logs log group name/],
    ['athena://justonename', /expected athena:\/\/DATABASE\.TABLE/],
    ['athena://db.t;DROP TABLE x', /expected athena:\/\/DATABASE\.TABLE/],
    ['athena://db.t?workgroup=w&region=eu', /unknown parameter 'region'/],
    ["athena://db.t?partition=day'--", /is not a column name/],
    ['athena://db.t?output=https://x', /output must be an s3:\/\/ location/],
  ])('refuses %s with a reason', (url, reason) => {
    const parsed = parseSourceUrl(url);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(reason);
  });
});
