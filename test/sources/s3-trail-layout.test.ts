import { describe, expect, it } from 'vitest';
import { classifyKey, dayFolders, positionOf } from '../../functions/adapters/sources/s3-trail-layout.ts';

describe("CloudTrail's S3 key layout", () => {
  it.each([
    ['', { level: 'root', folder: '' }],
    ['org/', { level: 'root', folder: 'org/' }],
    ['org/AWSLogs/', { level: 'awslogs', folder: 'org/AWSLogs/' }],
    ['AWSLogs/o-a1b2c3d4e5/', { level: 'organization', folder: 'AWSLogs/o-a1b2c3d4e5/' }],
    [
      'AWSLogs/o-a1b2c3d4e5/111122223333/',
      { level: 'account', folder: 'AWSLogs/o-a1b2c3d4e5/111122223333/' },
    ],
    ['AWSLogs/111122223333/CloudTrail/', { level: 'trail', folder: 'AWSLogs/111122223333/CloudTrail/' }],
    [
      'AWSLogs/111122223333/CloudTrail/eu-west-1/',
      { level: 'region', folder: 'AWSLogs/111122223333/CloudTrail/eu-west-1/', datePrefix: '' },
    ],
    [
      'AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2026/11/',
      {
        level: 'region',
        folder: 'AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/',
        datePrefix: '2026/11/',
      },
    ],
    // The European Sovereign Cloud's region prefix has four letters: a region all the same, walked by date
    // (not read whole, every day of the trail's history, as a folder outside the layout would be).
    [
      'AWSLogs/111122223333/CloudTrail/eusc-de-east-1/2026/',
      { level: 'region', folder: 'AWSLogs/111122223333/CloudTrail/eusc-de-east-1/', datePrefix: '2026/' },
    ],
    [
      'AWSLogs/111122223333/CloudTrail/us-gov-west-1/',
      { level: 'region', folder: 'AWSLogs/111122223333/CloudTrail/us-gov-west-1/', datePrefix: '' },
    ],
    [
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/',
      { level: 'no-records', folder: 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/', what: 'digest' },
    ],
    [
      'AWSLogs/111122223333/CloudTrail-Insight/',
      { level: 'no-records', folder: 'AWSLogs/111122223333/CloudTrail-Insight/', what: 'insight' },
    ],
  ])('places %s', (folder, expected) => {
    expect(positionOf(folder)).toEqual(expected);
  });

  it.each([
    'AWSLogs/12345/',
    'AWSLogs/111122223333/Config/',
    'AWSLogs/111122223333/CloudTrail/eu-west-1/26/',
  ])('does not place %s (read as a plain folder)', (folder) => {
    expect(positionOf(folder)).toBeUndefined();
  });

  it('classifies keys by CloudTrail file naming', () => {
    const day = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/01/';
    expect(classifyKey(`${day}111122223333_CloudTrail_us-east-1_20261101T0005Z_ab12.json.gz`)).toBe('log');
    expect(
      classifyKey(`${day}111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261101T0005Z.json.gz`),
    ).toBe('digest');
    expect(classifyKey('AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/11/01/x.json.gz')).toBe(
      'insight',
    );
    expect(classifyKey(`${day}notes.txt`)).toBe('other');
    expect(classifyKey(`${day}`)).toBe('other');
  });

  it('lists one day more at each end, across month and year boundaries', () => {
    expect(dayFolders(Date.parse('2026-12-31T22:00:00Z'), Date.parse('2027-01-01T02:00:00Z'))).toEqual([
      '2026/12/30/',
      '2026/12/31/',
      '2027/01/01/',
      '2027/01/02/',
    ]);
    // An until on midnight is exclusive: the day it starts is not in the period.
    expect(dayFolders(Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-11-02T00:00:00Z'))).toEqual([
      '2026/10/31/',
      '2026/11/01/',
      '2026/11/02/',
    ]);
  });
});
