// Issue 7 ("also fix"): CloudTrail Insights log files are acknowledged and counted (summary.insightFiles),
// like digest files, never input errors. Their records carry a decoy eventSource/eventName inside
// insightDetails, which must not make them look like calls.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ParseMode } from '../../functions/core/decode/decode-bytes.ts';
import { judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import { engineFor } from '../security/support.ts';

/** An Insights record in the shape of the CloudTrail User Guide's example (start of an API call rate insight). */
const insightRecord = (state: 'Start' | 'End') => ({
  eventVersion: '1.08',
  eventTime: '2026-11-14T00:51:00Z',
  awsRegion: 'us-east-1',
  eventID: `a1b2c3d4-9621-4d00-b913-beca2${state === 'Start' ? '0000001' : '0000002'}`,
  eventType: 'AwsCloudTrailInsight',
  recipientAccountId: '111122223333',
  sharedEventID: 'f1e2d3c4-1729-42f1-b735-5d8c00000003',
  insightDetails: {
    state,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    insightType: 'ApiCallRateInsight',
    insightContext: {
      statistics: { baseline: { average: 85.42 }, insight: { average: 664 }, insightDuration: 1 },
      attributions: [
        {
          attribute: 'userIdentityArn',
          insight: [{ value: 'arn:aws:iam::111122223333:role/Deploy', average: 664 }],
        },
      ],
    },
  },
  eventCategory: 'Insight',
});

const KEY =
  'AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/11/14/111122223333_CloudTrail-Insight_us-east-1_20261114T0100Z_abcd.json.gz';

describe('CloudTrail Insights files', () => {
  for (const parse of ['selective', 'full'] as ParseMode[]) {
    it(`are acknowledged and counted once per file, never input errors (${parse} parsing)`, () => {
      const bytes = gzipSync(JSON.stringify({ Records: [insightRecord('Start'), insightRecord('End')] }));

      const result = judgeInput({ name: KEY, bytes }, engineFor(), { maxErrors: 10, parse });

      expect(result.counts).toMatchObject({
        files: 1,
        insightFiles: 1,
        records: 0,
        skipped: 0,
        malformed: 0,
      });
      expect(result.errors).toEqual([]);
      expect(result.findings).toEqual([]);
    });
  }

  it('acknowledges an EventBridge "AWS Insight via CloudTrail" event too', () => {
    const event = {
      version: '0',
      id: '5f0e1e7a-0000-4000-8000-000000000001',
      'detail-type': 'AWS Insight via CloudTrail',
      source: 'aws.cloudtrail',
      account: '111122223333',
      time: '2026-11-14T00:51:00Z',
      region: 'us-east-1',
      resources: [],
      detail: insightRecord('Start'),
    };

    const result = judgeInput(
      { name: 'insight-event.json', bytes: Buffer.from(JSON.stringify(event)) },
      engineFor(),
      {
        maxErrors: 10,
      },
    );

    expect(result.counts).toMatchObject({ insightFiles: 1, malformed: 0, records: 0 });
  });
});
