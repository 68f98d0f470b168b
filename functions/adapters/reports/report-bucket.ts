import { createReadStream, statSync } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import { type Report, ReportSchema } from '../../core/report/report-schema.ts';
import { describeError } from '../describe-error.ts';

/** `YYYY/MM/DD/` of a time, UTC: where a report made for a period ending then is written. */
export function reportPrefix(untilMs: number): string {
  const d = new Date(untilMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/`;
}

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  'report.html': 'text/html; charset=utf-8',
  'report.md': 'text/markdown; charset=utf-8',
  'report.json': 'application/json',
  'findings.csv': 'text/csv; charset=utf-8',
};

/** Writes one report file: text, or a local file streamed from disk (findings.csv). */
export async function putReportFile(
  s3: S3Client,
  bucket: string,
  key: string,
  body: { readonly text: string } | { readonly path: string },
): Promise<void> {
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  const name = key.slice(key.lastIndexOf('/') + 1);
  const payload =
    'text' in body
      ? { Body: body.text }
      : { Body: createReadStream(body.path), ContentLength: statSync(body.path).size };
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      ContentType: CONTENT_TYPES[name] ?? 'application/octet-stream',
      ...payload,
    }),
  );
}

const REPORT_JSON_KEY = /^\d{4}\/\d{2}\/\d{2}\/report\.json$/;

/**
 * The latest `report.json` in the bucket written before `beforePrefix` (an earlier day), parsed; or why
 * there is none that can be used (no earlier report, or one that does not match the schema).
 */
export async function findPreviousReport(
  s3: S3Client,
  bucket: string,
  beforePrefix: string,
): Promise<{ report: Report; key: string } | { none: string }> {
  const { ListObjectsV2Command, GetObjectCommand } = await import('@aws-sdk/client-s3');
  let latest: string | undefined;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const key = o.Key ?? '';
      if (REPORT_JSON_KEY.test(key) && key < beforePrefix && (latest === undefined || key > latest))
        latest = key;
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  if (latest === undefined) return { none: 'no earlier report in the bucket' };
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: latest }));
  const text = (await object.Body?.transformToString('utf-8')) ?? '';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { none: `${latest} is not JSON (${describeError(e, 'fallback')})` };
  }
  const parsed = ReportSchema.safeParse(value);
  return parsed.success
    ? { report: parsed.data, key: latest }
    : { none: `${latest} does not match report.json schema version 1` };
}

/** The object in the S3 console (needs a console sign-in: a link that does not expire). */
export function consoleObjectUrl(bucket: string, key: string, region: string | undefined): string {
  const query = new URLSearchParams({ prefix: key, ...(region === undefined ? {} : { region }) });
  return `https://s3.console.aws.amazon.com/s3/object/${encodeURIComponent(bucket)}?${query}`;
}
