import { type AwsJsonCall, AwsJsonError, type AwsJsonServer, startAwsJsonServer } from './aws-json-server.ts';

type CloudTrailRecord = Record<string, unknown>;

export interface FakeCloudTrailOptions {
  /** Events per page at most (LookupEvents: 50). */
  readonly pageSize?: number;
  /** Answer this many first calls with `ThrottlingException`. */
  readonly throttleFirst?: number;
  /** Answer calls of this region (`*`: of every region) with this error (e.g. an opt-in region not enabled). */
  readonly failRegion?: { readonly region: string; readonly type: string; readonly message: string };
  /**
   * What stamps each call (`atMs`); the real monotonic clock by default. Given a clock (a test's virtual
   * pace clock), the stand-in also keeps LookupEvents' quota as AWS does: a third call of one region within
   * a second is answered `ThrottlingException`. (On the real clock, a loaded test machine would make that
   * verdict depend on timing.)
   */
  readonly clock?: () => number;
}

/** LookupEvents' quota: 2 requests per second per account and region (CloudTrail API reference). */
const CALLS_PER_SECOND = 2;

/**
 * CloudTrail's `LookupEvents` on loopback, over a list of records: per region (from the request's
 * signature), one lookup attribute, the time range (inclusive, epoch seconds as the SDK sends them),
 * newest first, `MaxResults` ≤ 50, an opaque `NextToken` bound to the call's parameters,
 * `CloudTrailEvent` as a JSON string, and (on a test's clock) 2 calls per second and region.
 */
export function startFakeCloudTrail(
  records: readonly CloudTrailRecord[],
  options: FakeCloudTrailOptions = {},
): Promise<AwsJsonServer> {
  const pageSize = options.pageSize ?? 50;
  let throttles = options.throttleFirst ?? 0;
  const recent = new Map<string, number[]>();
  /** Whether a call of this region at `atMs` passes the quota (refused calls count too, as at AWS). */
  const withinQuota = (region: string, atMs: number): boolean => {
    const times = (recent.get(region) ?? []).filter((t) => atMs - t < 1000);
    times.push(atMs);
    recent.set(region, times);
    return times.length <= CALLS_PER_SECOND;
  };
  return startAwsJsonServer(
    'CloudTrail_20131101',
    {
      LookupEvents(call: AwsJsonCall) {
        if (throttles > 0) {
          throttles--;
          throw new AwsJsonError('ThrottlingException', 'Rate exceeded');
        }
        if (options.clock !== undefined && !withinQuota(String(call.region), call.atMs)) {
          throw new AwsJsonError('ThrottlingException', 'Rate exceeded');
        }
        if (
          options.failRegion !== undefined &&
          (call.region === options.failRegion.region || options.failRegion.region === '*')
        ) {
          throw new AwsJsonError(options.failRegion.type, options.failRegion.message);
        }
        const input = call.input as {
          LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
          StartTime?: number;
          EndTime?: number;
          MaxResults?: number;
          NextToken?: string;
        };
        const attributes = input.LookupAttributes ?? [];
        if (attributes.length > 1) {
          throw new AwsJsonError('InvalidLookupAttributesException', 'Only one lookup attribute is allowed');
        }
        const max = input.MaxResults ?? pageSize;
        if (max > 50 || max < 1) throw new AwsJsonError('InvalidMaxResultsException', 'MaxResults 1–50');
        const fromS = input.StartTime ?? 0;
        const toS = input.EndTime ?? Number.POSITIVE_INFINITY;
        const matching = records
          .filter((r) => r.awsRegion === call.region)
          .filter((r) => attributes.every((a) => lookupValue(r, a.AttributeKey) === a.AttributeValue))
          .filter((r) => {
            const s = Date.parse(String(r.eventTime)) / 1000;
            return s >= fromS && s <= toS;
          })
          .sort((a, b) => String(b.eventTime).localeCompare(String(a.eventTime)));
        // A token is good only with the parameters of the call that returned it, as LookupEvents requires.
        const params = JSON.stringify([call.region, attributes, input.StartTime, input.EndTime, max]);
        let offset = 0;
        if (input.NextToken !== undefined) {
          const [tokenParams, at] = JSON.parse(Buffer.from(input.NextToken, 'base64').toString()) as [
            string,
            number,
          ];
          if (tokenParams !== params) {
            throw new AwsJsonError(
              'InvalidNextTokenException',
              'A token was passed with parameters other than those of the call that returned it.',
            );
          }
          offset = at;
        }
        const size = Math.min(max, pageSize);
        const page = matching.slice(offset, offset + size);
        const next =
          offset + size < matching.length
            ? Buffer.from(JSON.stringify([params, offset + size])).toString('base64')
            : undefined;
        return {
          Events: page.map((r) => ({
            EventId: r.eventID,
            EventName: r.eventName,
            ReadOnly: String(r.readOnly ?? 'false'),
            EventTime: Date.parse(String(r.eventTime)) / 1000,
            EventSource: r.eventSource,
            Username: (r.userIdentity as { userName?: string } | undefined)?.userName,
            Resources: [],
            CloudTrailEvent: JSON.stringify(r),
          })),
          ...(next === undefined ? {} : { NextToken: next }),
        };
      },
    },
    options.clock,
  );
}

function lookupValue(record: CloudTrailRecord, key: string): unknown {
  switch (key) {
    case 'EventName':
      return record.eventName;
    case 'EventSource':
      return record.eventSource;
    case 'EventId':
      return record.eventID;
    default:
      throw new AwsJsonError('InvalidLookupAttributesException', `unsupported lookup attribute ${key}`);
  }
}
