import { awsLogsService, classifyKey } from '../adapters/sources/s3-trail-layout.ts';

/** One S3 object a notification says was written. */
export interface S3ObjectRef {
  readonly bucket: string;
  /** Decoded: ready for GetObject. */
  readonly key: string;
  readonly size?: number;
}

export type ParsedNotification =
  | {
      readonly kind: 'objects';
      readonly objects: readonly S3ObjectRef[];
      /** Records or keys left out on purpose, with why (digest files, deletions, …). */
      readonly ignored: readonly { readonly what: string; readonly reason: string }[];
    }
  | { readonly kind: 'test' }
  | { readonly kind: 'invalid'; readonly reason: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * S3 writes keys in notifications URL-encoded with `+` for spaces ("red flower.jpg" → "red+flower.jpg").
 * A key that does not decode is used as written rather than dropped.
 */
export function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/**
 * Why a key is not a CloudTrail log file worth reading, or undefined when it is one (or may be: a key
 * outside the `AWSLogs/` layout is read). The notification's prefix filter can only say `AWSLogs/`, under
 * which a log-archive bucket also keeps Config, ELB and VPC flow logs: those are acknowledged unread,
 * rather than fetched and counted as input errors.
 */
export function skipReason(key: string): string | undefined {
  if (key.endsWith('/')) return 'a folder marker';
  const kind = classifyKey(key);
  if (kind === 'digest') return 'a CloudTrail digest file';
  if (kind === 'insight') return 'a CloudTrail Insights file';
  const service = awsLogsService(key);
  if (service !== undefined && service !== 'CloudTrail') {
    return `not a CloudTrail log file (AWSLogs/…/${service}/ holds another service's logs)`;
  }
  return undefined;
}

/**
 * Reads an SQS message body as one of:
 * - an S3 event notification (`Records[].s3`), possibly inside an SNS envelope
 *   (`{"Type": "Notification", "Message": "<json>"}`) when the bucket notifies a topic;
 * - CloudTrail's own SNS delivery notification (`{"s3Bucket": "…", "s3ObjectKey": ["…"]}`), whose
 *   keys are not URL-encoded;
 * - the `s3:TestEvent` S3 sends when a notification is configured.
 */
export function parseNotification(body: string): ParsedNotification {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { kind: 'invalid', reason: 'the message body is not JSON' };
  }
  if (isObject(value) && value.Type === 'Notification' && typeof value.Message === 'string') {
    try {
      value = JSON.parse(value.Message);
    } catch {
      return { kind: 'invalid', reason: 'the SNS Message is not JSON' };
    }
  }
  if (!isObject(value)) return { kind: 'invalid', reason: 'the message body is not a JSON object' };
  if (value.Event === 's3:TestEvent') return { kind: 'test' };
  if (typeof value.s3Bucket === 'string' && Array.isArray(value.s3ObjectKey)) {
    return collect(
      value.s3ObjectKey.map((key) => ({ bucket: value.s3Bucket, key, encoded: false, eventName: undefined })),
    );
  }
  if (Array.isArray(value.Records)) {
    return collect(
      value.Records.map((r) => {
        const rec = isObject(r) ? r : {};
        const s3 = isObject(rec.s3) ? rec.s3 : {};
        const bucket = isObject(s3.bucket) ? s3.bucket.name : undefined;
        const object = isObject(s3.object) ? s3.object : {};
        return { bucket, key: object.key, size: object.size, encoded: true, eventName: rec.eventName };
      }),
    );
  }
  return { kind: 'invalid', reason: 'the message is neither an S3 nor a CloudTrail notification' };
}

interface Candidate {
  bucket: unknown;
  key: unknown;
  size?: unknown;
  encoded: boolean;
  eventName: unknown;
}

function collect(candidates: readonly Candidate[]): ParsedNotification {
  const objects: S3ObjectRef[] = [];
  const ignored: { what: string; reason: string }[] = [];
  for (const [i, c] of candidates.entries()) {
    if (typeof c.bucket !== 'string' || c.bucket === '' || typeof c.key !== 'string' || c.key === '') {
      return { kind: 'invalid', reason: `entry ${i} names no bucket and key` };
    }
    const key = c.encoded ? decodeS3Key(c.key) : c.key;
    const what = `s3://${c.bucket}/${key}`;
    if (typeof c.eventName === 'string' && !/^(?:s3:)?ObjectCreated:/.test(c.eventName)) {
      ignored.push({ what, reason: `a ${c.eventName} event, not an object creation` });
      continue;
    }
    const reason = skipReason(key);
    if (reason !== undefined) {
      ignored.push({ what, reason });
      continue;
    }
    objects.push({
      bucket: c.bucket,
      key,
      ...(typeof c.size === 'number' && Number.isFinite(c.size) ? { size: c.size } : {}),
    });
  }
  return { kind: 'objects', objects, ignored };
}
