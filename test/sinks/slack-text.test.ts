import { describe, expect, it } from 'vitest';
import { slackMessage } from '../../functions/adapters/sinks/slack-sink.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { sessionToken } from '../text/secret-shapes.ts';
import { hostileFinding } from './finding-fixtures.ts';

// How each finding-derived value reaches Slack: escaped (entities, full-width markers, broken mentions),
// cut to its own limit *after* escaping, never in the middle of an entity or a surrogate pair.

/** Every string of the blocks. */
function texts(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(slackMessage(findings).blocks);
  return out;
}

const MARK = 'X<!here>*B*`C`_D_~E~@channel';
const SHOWN = 'X&lt;!here&gt;＊B＊｀C｀＿D＿～E～@\u2060channel';

describe('a Slack alert', () => {
  it('escapes every value a record or finding supplies, in every block', () => {
    const f = hostileFinding({
      title: `title ${MARK}`,
      eventTime: `time ${MARK}`,
      awsRegion: `region ${MARK}`,
      role: { arn: `role ${MARK}`, accountId: '321848314756' },
      actor: {
        type: 'AssumedRole',
        display: `actor ${MARK}`,
        origin: { display: `origin ${MARK}`, chain: [] },
      },
      sourceIp: `ip ${MARK}`,
      userAgent: `agent ${MARK}`,
      session: { name: `session ${MARK}` },
      evidence: { expected: `expected ${MARK}`, actual: `actual ${MARK}`, note: `note ${MARK}` },
      remediation: `fix ${MARK}`,
    });
    const all = texts([f]).join('\n');
    for (const what of [
      'title',
      'time',
      'region',
      'role',
      'actor',
      'origin',
      'ip',
      'agent',
      'session',
      'expected',
      'actual',
      'note',
      'fix',
    ]) {
      expect(all, what).toContain(`${what} ${SHOWN}`);
    }
    expect(all).not.toMatch(/<!here>|\*B\*|`C`|_D_|~E~|@channel/);
  });

  it('shows a token pasted into a record value as [REDACTED]', () => {
    const token = sessionToken();
    const all = texts([
      hostileFinding({ userAgent: `Boto3/1.34 token/${token}`, session: { name: token } }),
    ]).join('\n');
    expect(all).not.toContain(token.slice(0, 40));
    expect(all).toContain('*User agent*\nBoto3/1.34 token/[REDACTED]');
  });

  it('shows a value of 300 characters whole and cuts a longer one to 300, after escaping', () => {
    const at = 'u'.repeat(300);
    expect(texts([hostileFinding({ userAgent: at })])).toContain(`*User agent*\n${at}`);
    expect(texts([hostileFinding({ userAgent: `${at}v` })])).toContain(`*User agent*\n${'u'.repeat(299)}…`);
    // 300 '&' grow to 1,500 characters escaped: cut back to 300, at an entity's end.
    expect(texts([hostileFinding({ userAgent: '&'.repeat(400) })])).toContain(
      `*User agent*\n${'&amp;'.repeat(59)}…`,
    );
  });

  it('keeps an entity that ends right at the cut, and never leaves half a surrogate pair', () => {
    expect(texts([hostileFinding({ userAgent: `${'a'.repeat(295)}<${'b'.repeat(10)}` })])).toContain(
      `*User agent*\n${'a'.repeat(295)}&lt;…`,
    );
    const emoji = '\u{1F600}';
    expect(texts([hostileFinding({ userAgent: `&&${emoji.repeat(200)}` })])).toContain(
      `*User agent*\n&amp;&amp;${emoji.repeat(144)}…`,
    );
  });

  it('cuts each value to its own limit: title 500, evidence 600, source IP 64', () => {
    const amp = (n: number) => '&'.repeat(n);
    const all = texts([
      hostileFinding({
        title: amp(2000),
        sourceIp: amp(2000),
        evidence: { expected: amp(2000), actual: 'a' },
      }),
    ]).join('\n');
    expect(all).toContain(`\n${'&amp;'.repeat(99)}…`);
    expect(all).not.toContain('&amp;'.repeat(120));
    expect(all).toContain(`*Expected:* ${'&amp;'.repeat(119)}…\n`);
    expect(all).toContain(`*Source IP*\n${'&amp;'.repeat(12)}…`);
  });
});
