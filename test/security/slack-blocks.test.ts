import { describe, expect, it } from 'vitest';
import { slackMessage } from '../../functions/adapters/sinks/slack-sink.ts';
import { deniedOn, engineFor, findingOf, type JsonObject, scenarioRecord } from './support.ts';

// Block Kit refuses a whole message (HTTP 400 invalid_blocks) when one text object is too long: a
// mrkdwn text holds at most 3000 characters, a section field at most 2000.
const TEXT_MAX = 3000;
const FIELD_MAX = 2000;

interface TextObject {
  type: string;
  text: string;
  verbatim?: boolean;
}
interface Block {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: TextObject[];
}

function textObjects(blocks: readonly Block[]): { text: TextObject; max: number }[] {
  return blocks.flatMap((b) => [
    ...(b.text ? [{ text: b.text, max: b.type === 'header' ? 150 : TEXT_MAX }] : []),
    ...(b.fields ?? []).map((text) => ({ text, max: FIELD_MAX })),
    ...(b.elements ?? []).map((text) => ({ text, max: TEXT_MAX })),
  ]);
}

describe('slack alerts built from hostile records', () => {
  // A principal whose IAM path (up to 512 characters; '&' and '<' are allowed) is mostly '&', each of
  // which grows five-fold when escaped, assumes a role that trusts a dozen other principals.
  const trusted = ['etl', 'etl-backfill', 'etl-replay', 'data-eng-oncall', 'airflow', 'dbt', 'glue-admin']
    .map((name) => `      - "arn:aws:iam::444455556666:user/data/${name}"`)
    .join('\n');
  const engine = engineFor(`version: 1
accounts: ["111122223333", "444455556666"]
roles:
  - arn: "arn:aws:iam::444455556666:role/DataPipeline"
    trustedPrincipals:
${trusted}
      - "arn:aws:iam::111122223333:role/OktaAdmin"
      - "arn:aws:iam::111122223333:role/DataPlatformAdmin"
`);
  const record = scenarioRecord('untrusted-principal');
  const user = record.userIdentity as JsonObject;
  user.arn = `arn:aws:iam::444455556666:user/${'&'.repeat(510)}/alice`;
  const hostile = findingOf('untrusted-principal', record, engine);

  it('keeps every text object within Block Kit limits however much escaping grows the values', () => {
    const { blocks } = slackMessage([hostile]);

    const over = textObjects(blocks as Block[]).filter(({ text, max }) => text.text.length > max);

    expect(over.map(({ text }) => text.text.length)).toEqual([]);
  });

  it('still shows the start of each value, escaped', () => {
    const { blocks } = slackMessage([hostile]);
    const texts = textObjects(blocks as Block[]).map(({ text }) => text.text);

    expect(texts.some((t) => t.includes('user/&amp;&amp;'))).toBe(true);
    expect(texts.join('\n')).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('asks Slack not to turn URLs and #channel names from records into links', () => {
    const phishing = findingOf(
      'assume-denied',
      deniedOn(
        'arn:aws:iam::444455556666:role/ProdAdmin',
        ' (re-authenticate at https://evil.example #it-help)',
      ),
    );

    const { blocks } = slackMessage([phishing]);
    const mrkdwn = textObjects(blocks as Block[])
      .map(({ text }) => text)
      .filter((t) => t.type === 'mrkdwn');

    expect(mrkdwn.length).toBeGreaterThan(5);
    expect(mrkdwn.filter((t) => t.verbatim !== true)).toEqual([]);
  });
});
