import { describe, expect, it } from 'vitest';
import { decodeS3Key, parseNotification } from '../../functions/lambda/s3-notification.ts';

const KEY =
  'AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/03/02/444455556666_CloudTrail_us-east-1_20260302T1005Z_Ab12Cd34Ef56Gh78.json.gz';

function s3Notification(key: string, eventName = 'ObjectCreated:Put'): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2026-03-02T10:05:12.345Z',
        eventName,
        userIdentity: { principalId: 'AWS:AROAY5GE5XSBZEXAMPLE9:regionalDeliverySession' },
        requestParameters: { sourceIPAddress: '10.0.4.12' },
        responseElements: {
          'x-amz-request-id': 'C3D13FE58DE4C810',
          'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'cloudtrail-logs',
          bucket: {
            name: 'org-trail-logs',
            ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
            arn: 'arn:aws:s3:::org-trail-logs',
          },
          object: {
            key,
            size: 2048,
            eTag: 'd41d8cd98f00b204e9800998ecf8427e',
            sequencer: '0055AED6DCD90281E5',
          },
        },
      },
    ],
  });
}

describe('S3 notifications in SQS messages', () => {
  it('reads the bucket and the decoded key of an S3 ObjectCreated notification', () => {
    const parsed = parseNotification(s3Notification(KEY));

    expect(parsed).toEqual({
      kind: 'objects',
      objects: [{ bucket: 'org-trail-logs', key: KEY, size: 2048 }],
      ignored: [],
    });
  });

  it("decodes '+' as a space and percent escapes in keys", () => {
    expect(decodeS3Key('trail+logs/a%3Db%2Bc.json.gz')).toBe('trail logs/a=b+c.json.gz');
  });

  it('unwraps an S3 notification fanned out through SNS', () => {
    const body = JSON.stringify({
      Type: 'Notification',
      MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
      TopicArn: 'arn:aws:sns:us-east-1:444455556666:trail-logs',
      Subject: 'Amazon S3 Notification',
      Message: s3Notification(KEY),
      Timestamp: '2026-03-02T10:05:12.500Z',
    });

    const parsed = parseNotification(body);

    expect(parsed.kind === 'objects' && parsed.objects.map((o) => o.key)).toEqual([KEY]);
  });

  it("reads CloudTrail's own SNS notification, whose keys are not URL-encoded", () => {
    const body = JSON.stringify({
      Type: 'Notification',
      Message: JSON.stringify({ s3Bucket: 'org-trail-logs', s3ObjectKey: ['AWSLogs/a+b.json.gz'] }),
    });

    const parsed = parseNotification(body);

    expect(parsed.kind === 'objects' && parsed.objects).toEqual([
      { bucket: 'org-trail-logs', key: 'AWSLogs/a+b.json.gz' },
    ]);
  });

  it('recognises the s3:TestEvent S3 sends when notifications are configured', () => {
    const body = JSON.stringify({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2026-03-02T10:00:00.000Z',
      Bucket: 'org-trail-logs',
      RequestId: '5582815E1AEA5ADF',
      HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
    });

    expect(parseNotification(body)).toEqual({ kind: 'test' });
  });

  it('skips digest and Insights files without reading them', () => {
    const digest = KEY.replace('/CloudTrail/', '/CloudTrail-Digest/');
    const insight = KEY.replace('/CloudTrail/', '/CloudTrail-Insight/');

    const a = parseNotification(s3Notification(digest));
    const b = parseNotification(s3Notification(insight));

    expect(a.kind === 'objects' && a.objects).toEqual([]);
    expect(a.kind === 'objects' && a.ignored[0]?.reason).toBe('a CloudTrail digest file');
    expect(b.kind === 'objects' && b.ignored[0]?.reason).toBe('a CloudTrail Insights file');
  });

  it("skips other services' logs under AWSLogs/ (Config, ELB, VPC flow logs) without reading them", () => {
    // A log-archive bucket holds every service's logs under AWSLogs/<account>/<service>/, and the
    // notification's prefix filter can only say AWSLogs/.
    const others = [
      'AWSLogs/444455556666/Config/us-east-1/2026/3/2/ConfigHistory/444455556666_Config_us-east-1_ConfigHistory_AWS::IAM::Role_20260302T100512Z_20260302T110512Z_1.json.gz',
      'AWSLogs/o-a1b2c3d4e5/444455556666/Config/us-east-1/2026/3/2/ConfigSnapshot/444455556666_Config_us-east-1_ConfigSnapshot_20260302T100512Z_0a1b.json.gz',
      'AWSLogs/444455556666/elasticloadbalancing/us-east-1/2026/03/02/444455556666_elasticloadbalancing_us-east-1_app.web.0123_20260302T1005Z_10.0.0.1_abc.log.gz',
      'trails/AWSLogs/444455556666/vpcflowlogs/us-east-1/2026/03/02/444455556666_vpcflowlogs_us-east-1_fl-0123_20260302T1005Z_ab12.log.gz',
    ];

    for (const key of others) {
      const parsed = parseNotification(s3Notification(key));
      expect(parsed.kind === 'objects' && parsed.objects, key).toEqual([]);
      expect(parsed.kind === 'objects' && parsed.ignored[0]?.reason, key).toMatch(
        /^not a CloudTrail log file/,
      );
    }
    // CloudTrail's own keys, and keys outside the AWSLogs/ layout, are still read.
    for (const key of [
      KEY,
      KEY.replace('o-a1b2c3d4e5/', ''),
      'copies/444455556666_CloudTrail_20260302.json.gz',
    ]) {
      const parsed = parseNotification(s3Notification(key));
      expect(parsed.kind === 'objects' && parsed.objects.map((o) => o.key), key).toEqual([key]);
    }
  });

  it('skips a digest file named as one outside the CloudTrail-Digest/ folder', () => {
    const key = 'copies/444455556666_CloudTrail-Digest_us-east-1_org_us-east-1_20260302T100500Z.json.gz';
    const parsed = parseNotification(s3Notification(key));

    expect(parsed.kind === 'objects' && parsed.ignored[0]?.reason).toBe('a CloudTrail digest file');
  });

  it('ignores notifications that are not object creations', () => {
    const parsed = parseNotification(s3Notification(KEY, 'ObjectRemoved:Delete'));

    expect(parsed.kind === 'objects' && parsed.objects).toEqual([]);
  });

  it('calls a body that is not JSON invalid instead of throwing', () => {
    expect(parseNotification('{"Records": [').kind).toBe('invalid');
    expect(parseNotification('{"hello": "world"}').kind).toBe('invalid');
  });
});
